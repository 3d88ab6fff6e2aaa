package com.compromisedcredentials.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import com.compromisedcredentials.digest.DigestPeriod.Frequency;
import org.junit.jupiter.api.Test;

class DigestPeriodTest {

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void dailyIsTheUtcDayThatEndedLast() {
        DigestPeriod period = DigestPeriod.lastEnded(Frequency.DAILY, at("2026-12-02T13:48:30Z"), DigestPeriod.DAY_MILLIS).orElseThrow();
        assertEquals(new DigestPeriod(at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z")), period);
        assertEquals(period, DigestPeriod.lastEnded(Frequency.DAILY, at("2026-12-02T00:00:00Z"), DigestPeriod.DAY_MILLIS).orElseThrow(),
                "at midnight the day just ended is the one reported");
    }

    @Test
    void weeklyIsTheIsoWeekMondayToMonday() {
        // Wednesday 2 December 2026: the week that ended last began on Monday 23 November
        DigestPeriod period = DigestPeriod.lastEnded(Frequency.WEEKLY, at("2026-12-02T13:48:30Z"), DigestPeriod.DAY_MILLIS).orElseThrow();
        assertEquals(new DigestPeriod(at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z")), period);
    }

    @Test
    void aShortDayForTestsAndOffMeansNone() {
        DigestPeriod period = DigestPeriod.lastEnded(Frequency.DAILY, 95_000, 30_000).orElseThrow();
        assertEquals(new DigestPeriod(60_000, 90_000), period);
        assertTrue(DigestPeriod.lastEnded(Frequency.OFF, 95_000, 30_000).isEmpty());
        assertEquals(Frequency.WEEKLY, Frequency.of(" Weekly"));
        assertEquals(Frequency.OFF, Frequency.of("hourly"));
    }
}
