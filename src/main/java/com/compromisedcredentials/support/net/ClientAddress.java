package com.compromisedcredentials.support.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address as Keycloak reported it for a login, parsed without ever asking DNS: only literals are
 * accepted. IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) are the IPv4 address. Held as two unsigned 64-bit
 * halves (an IPv4 address in the low half), so that prefixes and ranges are plain arithmetic.
 */
public final class ClientAddress {

    private final boolean v4;
    private final long hi;
    private final long lo;

    private ClientAddress(boolean v4, long hi, long lo) {
        this.v4 = v4;
        this.hi = hi;
        this.lo = lo;
    }

    /** The address in {@code text}, or empty if it is not an IP literal (brackets and an IPv6 zone are allowed). */
    public static Optional<ClientAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s).map(v -> new ClientAddress(true, 0, v));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
            if (!ok) {
                return Optional.empty(); // never hand InetAddress a name it could look up
            }
        }
        try {
            InetAddress address = InetAddress.getByName(s); // a literal with ':' is parsed, never resolved
            byte[] b = address.getAddress();
            if (address instanceof Inet4Address) {
                return Optional.of(new ClientAddress(true, 0, toLong(b, 0, 4)));
            }
            if (address instanceof Inet6Address) {
                return Optional.of(new ClientAddress(false, toLong(b, 0, 8), toLong(b, 8, 8)));
            }
            return Optional.empty();
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Strict dotted quad: four decimal parts 0-255, no leading zeros beyond a single 0. */
    private static Optional<Long> parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int n = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                n = n * 10 + (c - '0');
            }
            if (n > 255) {
                return Optional.empty();
            }
            value = (value << 8) | n;
        }
        return Optional.of(value);
    }

    private static long toLong(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    public boolean isV4() {
        return v4;
    }

    /** The high 64 bits of an IPv6 address (0 for IPv4). */
    public long hi() {
        return hi;
    }

    /** The low 64 bits of an IPv6 address, or the IPv4 address. */
    public long lo() {
        return lo;
    }

    /** Bits in an address of this family. */
    public int bits() {
        return v4 ? 32 : 128;
    }

    /** This address with every bit after the first {@code prefix} cleared. */
    public ClientAddress network(int prefix) {
        if (v4) {
            int p = Math.max(0, Math.min(32, prefix));
            long mask = p == 0 ? 0 : (0xffffffffL << (32 - p)) & 0xffffffffL;
            return new ClientAddress(true, 0, lo & mask);
        }
        int p = Math.max(0, Math.min(128, prefix));
        long hiMask = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
        long loMask = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
        return new ClientAddress(false, hi & hiMask, lo & loMask);
    }

    /** The last address of the network of this address with {@code prefix}. */
    public ClientAddress broadcast(int prefix) {
        if (v4) {
            int p = Math.max(0, Math.min(32, prefix));
            long host = p == 32 ? 0 : (1L << (32 - p)) - 1;
            return new ClientAddress(true, 0, (lo | host) & 0xffffffffL);
        }
        int p = Math.max(0, Math.min(128, prefix));
        long hiHost = p >= 64 ? 0 : -1L >>> p;
        long loHost = p < 64 ? -1L : p == 128 ? 0 : -1L >>> (p - 64);
        return new ClientAddress(false, hi | hiHost, lo | loHost);
    }

    /**
     * The bucket this address is counted in: its network with the family's prefix length, written
     * {@code 203.0.113.0/24} or {@code 2001:db8:1:2::/64}; a full-length prefix is the address alone.
     */
    public String bucket(int v4Prefix, int v6Prefix) {
        int prefix = v4 ? v4Prefix : v6Prefix;
        ClientAddress network = network(prefix);
        return prefix >= bits() ? network.toString() : network + "/" + prefix;
    }

    /** -1, 0 or 1, comparing as unsigned numbers; IPv4 sorts before IPv6. */
    public int compareTo(ClientAddress other) {
        if (v4 != other.v4) {
            return v4 ? -1 : 1;
        }
        int c = Long.compareUnsigned(hi, other.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, other.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientAddress a && a.v4 == v4 && a.hi == hi && a.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo) + (v4 ? 1 : 0);
    }

    /** Dotted quad, or RFC 5952 text for IPv6 (lower case, the longest run of zero groups as {@code ::}). */
    @Override
    public String toString() {
        if (v4) {
            return ((lo >> 24) & 0xff) + "." + ((lo >> 16) & 0xff) + "." + ((lo >> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            groups[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i >= 2) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
