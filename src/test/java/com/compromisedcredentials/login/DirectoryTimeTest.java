package com.compromisedcredentials.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class DirectoryTimeTest {

    private static final long AT = Instant.parse("2026-12-02T13:48:30Z").toEpochMilli();

    @Test
    void openLdapGeneralizedTime() {
        assertEquals(OptionalLong.of(AT), DirectoryTime.parse("20261202134830Z"));
        assertEquals(OptionalLong.of(AT), DirectoryTime.parse("20261202134830.123456Z"), "fraction dropped: to the second");
        assertEquals(OptionalLong.of(AT), DirectoryTime.parse("20261202144830+0100"));
        assertEquals(OptionalLong.of(AT), DirectoryTime.parse(" 20261202124830-0100 "));
    }

    @Test
    void activeDirectoryFileTime() {
        long ticks = (AT + 11_644_473_600_000L) * 10_000L + 1234;
        assertEquals(OptionalLong.of(AT), DirectoryTime.parse(String.valueOf(ticks)));
        assertTrue(DirectoryTime.parse("0").isEmpty(), "0: the user must change it at the next logon, no date");
        assertTrue(DirectoryTime.parse("-1").isEmpty());
    }

    @Test
    void anythingElseIsUnknown() {
        for (String value : new String[] {null, "", "yesterday", "2026-12-02T13:48:30Z", "20261302134830Z", "20261202134830",
                "99999999999999999999999", "20261202134830+01"}) {
            assertTrue(DirectoryTime.parse(value).isEmpty(), String.valueOf(value));
        }
    }
}
