package com.compromisedcredentials.support.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AddressRangesTest {

    private static ClientAddress ip(String text) {
        return ClientAddress.parse(text).orElseThrow();
    }

    @Test
    void readsListsAsPublished() {
        AddressRanges.Parsed parsed = AddressRanges.parse("""
                # a threat-intel feed
                198.51.100.0/24 ; SBL123
                203.0.113.7
                2001:db8::/32     # documentation
                not-an-address
                192.0.2.77/24
                \r
                10.0.0.0/8, 172.16.0.0/12
                """, 100);
        assertEquals(1, parsed.invalid());
        assertEquals("[not-an-address]", parsed.invalidSamples().toString());
        assertFalse(parsed.truncated());
        AddressRanges ranges = parsed.ranges();
        assertEquals(6, ranges.size());
        assertEquals(Optional.of("198.51.100.0/24"), ranges.match(ip("198.51.100.200")).map(AddressRanges.Entry::text));
        assertEquals(Optional.of("203.0.113.7"), ranges.match(ip("203.0.113.7")).map(AddressRanges.Entry::text));
        assertEquals(Optional.of("192.0.2.0/24"), ranges.match(ip("192.0.2.1")).map(AddressRanges.Entry::text), "host bits cleared");
        assertEquals(Optional.of("2001:db8::/32"), ranges.match(ip("2001:db8:ffff::1")).map(AddressRanges.Entry::text));
        assertEquals(Optional.of("172.16.0.0/12"), ranges.match(ip("172.31.255.255")).map(AddressRanges.Entry::text));
        assertFalse(ranges.contains(ip("203.0.113.8")));
        assertFalse(ranges.contains(ip("198.51.101.0")));
        assertFalse(ranges.contains(ip("2001:db9::1")));
        assertFalse(ranges.contains(ip("11.0.0.0")));
    }

    @Test
    void nestedEntriesFoldIntoTheWiderOne() {
        AddressRanges ranges = AddressRanges.parse("10.1.2.3\n10.0.0.0/8\n10.1.0.0/16\n11.0.0.1", 100).ranges();
        assertEquals(2, ranges.size());
        assertEquals("10.0.0.0/8", ranges.match(ip("10.1.2.3")).orElseThrow().text());
        assertEquals("11.0.0.1", ranges.match(ip("11.0.0.1")).orElseThrow().text());
        assertEquals("10.0.0.0/8\n11.0.0.1\n", ranges.toText());
    }

    @Test
    void ipv4AndIpv6NeverMatchEachOther() {
        AddressRanges ranges = AddressRanges.parse("0.0.0.0/0", 10).ranges();
        assertTrue(ranges.contains(ip("1.2.3.4")));
        assertFalse(ranges.contains(ip("::1")));
        AddressRanges v6 = AddressRanges.parse("::/0", 10).ranges();
        assertTrue(v6.contains(ip("2001:db8::1")));
        assertFalse(v6.contains(ip("1.2.3.4")));
    }

    @Test
    void entriesBeyondTheLimitAreCutOff() {
        AddressRanges.Parsed parsed = AddressRanges.parse("1.1.1.1\n2.2.2.2\n3.3.3.3", 2);
        assertTrue(parsed.truncated());
        assertEquals(2, parsed.ranges().size());
    }

    @Test
    void badPrefixesAreInvalid() {
        assertEquals(Optional.empty(), AddressRanges.entry("1.2.3.4/33"));
        assertEquals(Optional.empty(), AddressRanges.entry("1.2.3.4/"));
        assertEquals(Optional.empty(), AddressRanges.entry("1.2.3.4/x"));
        assertEquals(Optional.empty(), AddressRanges.entry("::/129"));
        assertEquals("::/0", AddressRanges.entry("::/0").orElseThrow().text());
    }
}
