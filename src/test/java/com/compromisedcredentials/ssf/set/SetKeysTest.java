package com.compromisedcredentials.ssf.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetKeysTest {

    private static final String ISSUER = "https://tx.example.com";

    @Test
    void hashIsFixedLengthBase64Url() {
        String hash = SetKeys.hash("x".repeat(1000));
        assertEquals(43, hash.length());
        assertTrue(hash.matches("[A-Za-z0-9_-]+"), hash);
        assertEquals(hash, SetKeys.hash("x".repeat(1000)));
        assertNotEquals(hash, SetKeys.hash("x".repeat(999)));
    }

    @Test
    void idempotencyKeyCarriesAPlainJtiAsSent() {
        String key = SetKeys.idempotencyKey(ISSUER, "3d0c3cf797584bd193bd0fb1bd4e7d30", 0);
        assertEquals("ssf:" + SetKeys.hash(ISSUER).substring(0, 16) + ":3d0c3cf797584bd193bd0fb1bd4e7d30", key);
        assertEquals(key + ":1", SetKeys.idempotencyKey(ISSUER, "3d0c3cf797584bd193bd0fb1bd4e7d30", 1), "a second event has its own key");
    }

    @Test
    void longOrOddJtisAreHashedAndStayWithinTheBatchLimit() {
        String longJti = "j".repeat(256);
        String key = SetKeys.idempotencyKey("https://" + "i".repeat(990), longJti, 12);
        assertTrue(key.length() <= 100, key.length() + " " + key);
        assertTrue(key.contains(":#" + SetKeys.hash(longJti)), key);
        assertNotEquals(SetKeys.idempotencyKey(ISSUER, "a:b", 0), SetKeys.idempotencyKey(ISSUER, "a", 0));
        assertTrue(SetKeys.idempotencyKey(ISSUER, "a:b", 0).contains("#"), "a colon would be ambiguous: hashed");
    }

    @Test
    void differentIssuersNeverShareAKey() {
        assertNotEquals(SetKeys.idempotencyKey("https://a.example.com", "1", 0), SetKeys.idempotencyKey("https://b.example.com", "1", 0));
    }
}
