package com.compromisedcredentials.support.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void ipv4IsBucketedByItsPrefix() {
        ClientAddress a = ClientAddress.parse("203.0.113.77").orElseThrow();
        assertTrue(a.isV4());
        assertEquals("203.0.113.77", a.bucket(32, 64));
        assertEquals("203.0.113.0/24", a.bucket(24, 64));
        assertEquals("203.0.0.0/16", a.bucket(16, 64));
    }

    @Test
    void ipv6IsBucketedByItsPrefixInRfc5952Text() {
        ClientAddress a = ClientAddress.parse("2001:DB8:0001:0002:aaaa:bbbb:cccc:dddd").orElseThrow();
        assertEquals("2001:db8:1:2::/64", a.bucket(32, 64));
        assertEquals("2001:db8:1:2:aaaa:bbbb:cccc:dddd", a.bucket(32, 128));
        assertEquals("2001:db8::/32", a.bucket(32, 32));
        assertEquals("2001:db8:1:2:aaaa::/80", a.bucket(32, 80));
        assertEquals("::1", ClientAddress.parse("::1").orElseThrow().toString());
        assertEquals("2001:db8::1:0:0:1", ClientAddress.parse("2001:db8:0:0:1:0:0:1").orElseThrow().toString());
    }

    @Test
    void mappedIpv4AndBracketsAndZonesAreAccepted() {
        assertEquals("192.0.2.1", ClientAddress.parse("::ffff:192.0.2.1").orElseThrow().toString());
        assertTrue(ClientAddress.parse("::ffff:192.0.2.1").orElseThrow().isV4());
        assertEquals("fe80::1", ClientAddress.parse("[fe80::1%eth0]").orElseThrow().toString());
        assertEquals("192.0.2.1", ClientAddress.parse(" 192.0.2.1 ").orElseThrow().toString());
    }

    @Test
    void anythingButALiteralIsRefusedWithoutAskingDns() {
        for (String bad : new String[] {null, "", "localhost", "example.com", "deadbeef", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "01.2.3.4", "1.2.3.-4", "zz::1", "1:2:3:4:5:6:7:8:9", "::g", "1.2.3.4/24"}) {
            assertEquals(Optional.empty(), ClientAddress.parse(bad), String.valueOf(bad));
        }
    }

    @Test
    void networksAndTheirLastAddress() {
        ClientAddress a = ClientAddress.parse("198.51.100.9").orElseThrow();
        assertEquals("198.51.100.255", a.broadcast(24).toString());
        assertEquals("255.255.255.255", a.broadcast(0).toString());
        assertEquals("0.0.0.0", a.network(0).toString());
        ClientAddress b = ClientAddress.parse("2001:db8::5").orElseThrow();
        assertEquals("2001:db8::ffff:ffff:ffff:ffff", b.broadcast(64).toString());
        assertEquals("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", b.broadcast(32).toString());
        assertEquals("2001:db8::5", b.broadcast(128).toString());
        assertEquals("2001:db8::7", b.broadcast(126).toString());
        assertFalse(a.equals(b));
    }
}
