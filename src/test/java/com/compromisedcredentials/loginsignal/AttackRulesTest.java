package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import com.compromisedcredentials.policy.RealmPolicy;
import org.junit.jupiter.api.Test;

class AttackRulesTest {

    private final LoginSignalPolicy defaults = LoginSignalPolicy.of(RealmPolicy.of(Map.of("loginSignalsEnabled", "true")));

    @Test
    void stuffingIsManyUsernamesMostlyFailing() {
        assertTrue(AttackRules.stuffing(new AttackRules.Counts(20, 20, 0), defaults));
        assertTrue(AttackRules.stuffing(new AttackRules.Counts(50, 50, 1), defaults));
        assertFalse(AttackRules.stuffing(new AttackRules.Counts(19, 40, 0), defaults), "below the username threshold");
        assertFalse(AttackRules.stuffing(new AttackRules.Counts(30, 30, 100), defaults), "a busy NAT where some mistype");
        assertTrue(AttackRules.stuffing(new AttackRules.Counts(40, 40, 10), defaults), "exactly 80 % failures");
    }

    @Test
    void sprayingIsManyAccountsFewAttemptsEach() {
        assertTrue(AttackRules.spraying(new AttackRules.Counts(10, 10, 0), defaults));
        assertTrue(AttackRules.spraying(new AttackRules.Counts(10, 20, 0), defaults), "two attempts each on average");
        assertFalse(AttackRules.spraying(new AttackRules.Counts(10, 21, 0), defaults), "guessing at a few accounts");
        assertFalse(AttackRules.spraying(new AttackRules.Counts(9, 9, 0), defaults));
        assertFalse(AttackRules.spraying(new AttackRules.Counts(12, 12, 20), defaults), "mostly successful logins");
    }

    @Test
    void stuffingWinsWhenBothMatch() {
        assertEquals(Optional.of(DetectionKind.CREDENTIAL_STUFFING),
                AttackRules.detect(new AttackRules.Counts(30, 30, 0), new AttackRules.Counts(12, 12, 0), defaults));
        assertEquals(Optional.of(DetectionKind.PASSWORD_SPRAYING),
                AttackRules.detect(new AttackRules.Counts(12, 12, 0), new AttackRules.Counts(12, 12, 0), defaults));
        assertEquals(Optional.empty(), AttackRules.detect(null, null, defaults));
    }

    @Test
    void thresholdsComeFromThePolicy() {
        LoginSignalPolicy strict = LoginSignalPolicy.of(RealmPolicy.of(Map.of("loginSignalsStuffingMinUsernames", "100",
                "loginSignalsMinFailurePercent", "99", "loginSignalsSprayingMaxAttemptsPerAccount", "1")));
        assertFalse(AttackRules.stuffing(new AttackRules.Counts(50, 50, 0), strict));
        assertFalse(AttackRules.spraying(new AttackRules.Counts(10, 11, 0), strict));
        assertEquals(10 * 60_000L, strict.stuffingWindowMillis());
        assertEquals(60 * 60_000L, strict.longestWindowMillis());
    }
}
