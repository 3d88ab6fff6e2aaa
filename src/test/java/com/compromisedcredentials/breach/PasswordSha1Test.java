package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PasswordSha1Test {

    @Test
    void hashesTheUtf8BytesAsHibpDoes() {
        assertEquals("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8", PasswordSha1.of("password").hex());
        // "passwörd": the umlaut is two UTF-8 bytes
        assertEquals(sha1Hex("passwörd".getBytes(java.nio.charset.StandardCharsets.UTF_8)), PasswordSha1.of("passwörd").hex());
    }

    @Test
    void splitsIntoTheRangePrefixAndSuffix() {
        PasswordSha1 hash = PasswordSha1.of("password");
        assertEquals("5BAA6", hash.rangePrefix());
        assertEquals("1E4C9B93F3F0682250B6CF8331B7EE68FD8", hash.rangeSuffix());
    }

    @Test
    void neverShowsTheDigestInText() {
        assertFalse(PasswordSha1.of("password").toString().contains("5BAA6"));
    }

    private static String sha1Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().withUpperCase()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
