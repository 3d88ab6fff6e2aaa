package com.compromisedcredentials.flag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LeakedPasswordTest {

    /** SHA-1("password"), as Have I Been Pwned and every feed write it. */
    private static final String SHA1_OF_PASSWORD = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8";
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPlaintextAndItsSha1InEitherCaseGiveTheSameKeyedHash() {
        String fromPlain = LeakedPassword.ofPlaintext("password").keyedHash(KEY);
        assertEquals(fromPlain, LeakedPassword.ofSha1Hex(SHA1_OF_PASSWORD).orElseThrow().keyedHash(KEY));
        assertEquals(fromPlain, LeakedPassword.ofSha1Hex(SHA1_OF_PASSWORD.toLowerCase()).orElseThrow().keyedHash(KEY));
        assertEquals(64, fromPlain.length());
    }

    @Test
    void theKeyedHashIsNeitherThePasswordNorItsSha1AndDependsOnTheRealmKey() {
        String keyed = LeakedPassword.ofPlaintext("password").keyedHash(KEY);
        assertFalse(keyed.toUpperCase().contains(SHA1_OF_PASSWORD));
        assertFalse(keyed.contains("password"));
        assertNotEquals(keyed, LeakedPassword.ofPlaintext("password").keyedHash(LeakedPassword.newRealmKey()));
    }

    @Test
    void matchesOnlyTheSamePassword() {
        String stored = LeakedPassword.ofSha1Hex(SHA1_OF_PASSWORD).orElseThrow().keyedHash(KEY);
        assertTrue(LeakedPassword.ofPlaintext("password").matches(KEY, stored));
        assertFalse(LeakedPassword.ofPlaintext("Password").matches(KEY, stored));
        assertFalse(LeakedPassword.ofPlaintext("password").matches(LeakedPassword.newRealmKey(), stored));
        assertFalse(LeakedPassword.ofPlaintext("password").matches(KEY, null));
    }

    @Test
    void aSha1MustBeFortyHexCharacters() {
        assertTrue(LeakedPassword.ofSha1Hex(SHA1_OF_PASSWORD.substring(1)).isEmpty());
        assertTrue(LeakedPassword.ofSha1Hex(SHA1_OF_PASSWORD + "0").isEmpty());
        assertTrue(LeakedPassword.ofSha1Hex("Z" + SHA1_OF_PASSWORD.substring(1)).isEmpty());
        assertTrue(LeakedPassword.ofSha1Hex(null).isEmpty());
    }

    @Test
    void itsTextNamesNoValue() {
        assertEquals("LeakedPassword[hidden]", LeakedPassword.ofPlaintext("hunter2").toString());
    }
}
