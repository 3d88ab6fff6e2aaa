package com.compromisedcredentials.support.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.keycloak.provider.Provider;

/**
 * Where outbound requests (transmitter keys and polls, address lists, the breach range API) may go. A URL is an
 * admin's or a feed's choice, so before every request its host is resolved and each address it resolves to is
 * checked: loopback, private (RFC 1918, shared 100.64/10), link-local, unique-local (fc00::/7), site-local,
 * multicast and the unspecified address reach inside the network and are refused, unless the server's allow-list
 * (server option {@code --spi-compromised-credentials-outbound--default--allow}) names them. Public addresses are
 * always allowed.
 *
 * <p>The check runs right before the connection is made and the JDK's HTTP client resolves the name again from
 * the JVM's address cache, which the check has just filled; a DNS answer that changes between the two within that
 * cache's lifetime is not seen. Immutable and thread-safe; one instance per server.
 */
public final class OutboundAddresses implements Provider {

    /** An allow-list entry: a network and its prefix length. */
    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[whole] & mask) == (address[whole] & mask);
        }
    }

    private static final OutboundAddresses PUBLIC_ONLY = new OutboundAddresses(List.of(), "");

    private final List<Network> allowed;
    private final String text;

    private OutboundAddresses(List<Network> allowed, String text) {
        this.allowed = allowed;
        this.text = text;
    }

    /** Public addresses only: nothing inside the network is allowed. */
    public static OutboundAddresses publicOnly() {
        return PUBLIC_ONLY;
    }

    /**
     * Public addresses and those of the allow-list: addresses or CIDR networks ({@code 127.0.0.1},
     * {@code 10.0.0.0/8}, {@code ::1}), separated by commas or spaces. Only literal addresses, never names.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or network
     */
    public static OutboundAddresses allowing(String allowList) {
        List<Network> networks = new ArrayList<>();
        for (String entry : allowList == null ? new String[0] : allowList.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                networks.add(network(entry));
            }
        }
        return networks.isEmpty() ? PUBLIC_ONLY : new OutboundAddresses(List.copyOf(networks), String.join(",", allowList.trim().split("[,\\s]+")));
    }

    /**
     * Resolves the URL's host and checks every address it resolves to.
     *
     * @throws AddressRefused if any of them is inside the network and not allowed, or if the host does not resolve
     */
    public void check(URI uri) throws AddressRefused {
        String host = uri.getHost();
        if (host == null) {
            throw new AddressRefused("the URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new AddressRefused("the host name does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!permits(address)) {
                throw new AddressRefused("the host resolves to an internal address that the server's allow-list "
                        + "(compromised-credentials-outbound allow) does not name");
            }
        }
    }

    /** Whether a request may go to this address. */
    public boolean permits(InetAddress address) {
        if (!isInternal(address)) {
            return true;
        }
        byte[] bytes = address.getAddress();
        for (Network network : allowed) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Loopback, private, shared, link-local, site-local, unique-local, multicast or unspecified. */
    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique-local fc00::/7
            }
            boolean v4Embedded = true; // ::a.b.c.d and ::ffff:a.b.c.d carry an IPv4 address
            for (int i = 0; i < 10; i++) {
                v4Embedded &= b[i] == 0;
            }
            if (v4Embedded && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Network network(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        if (!(address.contains(":") ? address.matches("[0-9a-fA-F:.]+") : address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new IllegalArgumentException("not an address or network: " + entry);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address or network: " + entry);
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an address or network: " + entry);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + entry);
            }
        }
        return new Network(bytes, prefix);
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "public addresses only" : "public addresses and " + text;
    }

    @Override
    public void close() {
    }
}
