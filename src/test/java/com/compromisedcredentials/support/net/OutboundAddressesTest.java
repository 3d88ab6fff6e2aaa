package com.compromisedcredentials.support.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class OutboundAddressesTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void addressesInsideTheNetworkAreRefusedByDefault() throws Exception {
        OutboundAddresses none = OutboundAddresses.publicOnly();
        for (String inside : new String[] {"127.0.0.1", "127.1.2.3", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::", "224.0.0.1", "239.255.255.250", "fe80::1",
                "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "255.255.255.255"}) {
            assertFalse(none.permits(ip(inside)), inside);
        }
    }

    @Test
    void publicAddressesAreAlwaysAllowed() throws Exception {
        OutboundAddresses none = OutboundAddresses.publicOnly();
        for (String outside : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2606:4700::1111",
                "::ffff:8.8.8.8"}) {
            assertTrue(none.permits(ip(outside)), outside);
        }
    }

    @Test
    void theAllowListNamesAddressesAndNetworks() throws Exception {
        OutboundAddresses allowed = OutboundAddresses.allowing("127.0.0.1, 10.20.0.0/16 fd00::/8");
        assertTrue(allowed.permits(ip("127.0.0.1")));
        assertFalse(allowed.permits(ip("127.0.0.2")), "a single address is a /32");
        assertTrue(allowed.permits(ip("10.20.255.1")));
        assertFalse(allowed.permits(ip("10.21.0.1")));
        assertTrue(allowed.permits(ip("fd12::1")));
        assertFalse(allowed.permits(ip("::1")));
        assertFalse(allowed.permits(ip("169.254.169.254")));
    }

    @Test
    void theAllowListTakesLiteralsOnly() {
        assertThrows(IllegalArgumentException.class, () -> OutboundAddresses.allowing("localhost"));
        assertThrows(IllegalArgumentException.class, () -> OutboundAddresses.allowing("cafe"));
        assertThrows(IllegalArgumentException.class, () -> OutboundAddresses.allowing("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> OutboundAddresses.allowing("10.0.0.0/x"));
    }

    @Test
    void aUrlIsCheckedByTheAddressesItsNameResolvesTo() throws Exception {
        AddressRefused byName = assertThrows(AddressRefused.class,
                () -> OutboundAddresses.publicOnly().check(URI.create("http://localhost:8080/jwks")));
        assertTrue(byName.getMessage().contains("internal address"), byName.getMessage());
        assertThrows(AddressRefused.class, () -> OutboundAddresses.publicOnly().check(URI.create("http://[::ffff:7f00:1]/x")));
        assertThrows(AddressRefused.class, () -> OutboundAddresses.publicOnly().check(URI.create("http://2130706433/x")));
        OutboundAddresses.allowing("127.0.0.1,::1").check(URI.create("http://localhost:8080/jwks"));
        assertEquals("public addresses and 127.0.0.1,::1", OutboundAddresses.allowing("127.0.0.1,::1").toString());
    }
}
