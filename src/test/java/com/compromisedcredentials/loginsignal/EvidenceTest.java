package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class EvidenceTest {

    private static Detection detection(DetectionKind kind) {
        return new Detection("d-1", "r", kind, "198.51.100.0/24", null, null, "flag", 1_795_670_000_000L, 0, 0, 0, 42, 57, 0, 0, 0, 0, null);
    }

    @Test
    void anAttackIsDescribedByItsCounts() {
        assertEquals("Credential stuffing from 198.51.100.0/24, detected 2026-11-26T05:13:20Z: failed logins for 42 usernames "
                + "(57 failed logins) within 10 minutes. 1 account logged in successfully from there during the attack.",
                Evidence.attack(detection(DetectionKind.CREDENTIAL_STUFFING), 600_000, 1));
        assertTrue(Evidence.attack(detection(DetectionKind.PASSWORD_SPRAYING), 3_600_000, 3)
                .contains("Password spraying from 198.51.100.0/24") );
        assertTrue(Evidence.attack(detection(DetectionKind.PASSWORD_SPRAYING), 3_600_000, 3).contains("42 existing accounts"));
    }

    @Test
    void listedLoginsNameAddressEntryAndListUpToTheLimit() {
        WindowAggregator.Success s = new WindowAggregator.Success("198.51.100.9", 0, "u", 1, "198.51.100.9", "https://f.example/l?...", "198.51.100.0/24");
        assertEquals("Successful logins from addresses on threat-intel lists: 198.51.100.9 (entry 198.51.100.0/24 of https://f.example/l?...).",
                Evidence.listed(List.of(s, s)));
        List<WindowAggregator.Success> many = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> new WindowAggregator.Success("b", 0, "u" + i, 1, "203.0.113." + i, "https://f.example/l", "203.0.113.0/24"))
                .toList();
        assertEquals(Evidence.MAX, Evidence.listed(many).length());
    }

    @Test
    void theSameLoginsMakeTheSameIdempotencyKey() {
        WindowAggregator.Success a = new WindowAggregator.Success("b", 60_000, "u1", 1, "x", null, null);
        WindowAggregator.Success b = new WindowAggregator.Success("b", 60_000, "u2", 3, "x", null, null);
        String key = LoginSignalDetector.idempotencyKey("d-1", List.of(a, b));
        assertEquals(key, LoginSignalDetector.idempotencyKey("d-1", List.of(b, a)));
        assertNotEquals(key, LoginSignalDetector.idempotencyKey("d-1", List.of(a)));
        assertNotEquals(key, LoginSignalDetector.idempotencyKey("d-2", List.of(a, b)));
        assertTrue(LoginSignalDetector.idempotencyKey("0123456789abcdef0123456789abcdef0123", List.of(a)).length() <= 100);
    }
}
