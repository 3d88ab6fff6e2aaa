package com.compromisedcredentials.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepUpCodeTest {

    @Test
    void issuesDigitsAndKeepsOnlyASaltedHash() {
        StepUpCode.Issued issued = StepUpCode.issue(8, 1_000, 60_000);
        assertTrue(issued.code().matches("\\d{8}"), issued.code());
        assertFalse(issued.kept().serialize().contains(issued.code()));
        assertFalse(issued.kept().toString().contains(issued.kept().hash()));
        assertEquals(61_000, issued.kept().expiresAt());
    }

    @Test
    void checksCodeExpiryAndAttempts() {
        StepUpCode.Issued issued = StepUpCode.issue(6, 0, 60_000);
        StepUpCode kept = issued.kept();
        assertEquals(StepUpCode.Check.OK, kept.check(issued.code(), 1_000, 5));
        assertEquals(StepUpCode.Check.OK, kept.check(" " + issued.code().substring(0, 3) + " " + issued.code().substring(3), 1_000, 5));
        assertEquals(StepUpCode.Check.WRONG, kept.check("x" + issued.code(), 1_000, 5));
        assertEquals(StepUpCode.Check.WRONG, kept.check(null, 1_000, 5));
        assertEquals(StepUpCode.Check.EXPIRED, kept.check(issued.code(), 60_001, 5));
        StepUpCode tired = kept;
        for (int i = 0; i < 5; i++) {
            tired = tired.withFailedAttempt();
        }
        assertEquals(StepUpCode.Check.EXHAUSTED, tired.check(issued.code(), 1_000, 5), "even the right code, once exhausted");
    }

    @Test
    void survivesTheSessionNote() {
        StepUpCode kept = StepUpCode.issue(6, 5, 100).kept().withFailedAttempt();
        assertEquals(kept, StepUpCode.parse(kept.serialize()).orElseThrow());
        assertTrue(StepUpCode.parse("garbage").isEmpty());
        assertTrue(StepUpCode.parse(null).isEmpty());
    }

    @Test
    void resendWaitsForTheCooldown() {
        StepUpCode kept = StepUpCode.issue(6, 10_000, 60_000).kept();
        assertFalse(kept.mayResend(69_999, 60_000));
        assertTrue(kept.mayResend(70_000, 60_000));
    }
}
