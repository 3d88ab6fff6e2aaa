package com.compromisedcredentials.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class BlastRadiusTest {

    private final BlastRadius.Limits limits = new BlastRadius.Limits(100, 1);

    @Test
    void dailyLimitIsAShareRoundedUpAndNeverBelowTen() {
        assertEquals(10, BlastRadius.dailyLimit(0, 1));
        assertEquals(10, BlastRadius.dailyLimit(999, 1));
        assertEquals(11, BlastRadius.dailyLimit(1001, 1));
        assertEquals(10_000, BlastRadius.dailyLimit(1_000_000, 1));
        assertEquals(50_000, BlastRadius.dailyLimit(1_000_000, 5));
    }

    @Test
    void hourlyLimitCountsWhatCameBefore() {
        assertEquals(Optional.empty(), BlastRadius.hourly(100, 0, limits));
        assertEquals(Optional.empty(), BlastRadius.hourly(40, 60, limits));
        assertTrue(BlastRadius.hourly(41, 60, limits).orElseThrow().contains("101 in the last hour; the limit is 100"));
    }

    @Test
    void dailyLimitCountsWhatCameBefore() {
        assertEquals(Optional.empty(), BlastRadius.daily(5, 5, 500, limits));
        assertTrue(BlastRadius.daily(6, 5, 500, limits).orElseThrow().contains("the limit is 10"));
        assertEquals(Optional.empty(), BlastRadius.daily(10_000, 0, 1_000_000, limits));
        assertTrue(BlastRadius.daily(10_001, 0, 1_000_000, limits).isPresent());
    }

    @Test
    void batchesWithoutNewFlagsAreNeverHeld() {
        assertEquals(Optional.empty(), BlastRadius.hourly(0, 1_000, limits));
        assertEquals(Optional.empty(), BlastRadius.daily(0, 1_000, 10, limits));
    }
}
