package com.compromisedcredentials.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), as a user's authenticator app computes it. */
final class Totp {

    private Totp() {
    }

    static String now(String secret) {
        return at(secret, 0);
    }

    /**
     * The code {@code steps} periods from now: the next period's code is another code that Keycloak still accepts
     * (its default look-around is one period), for a second login that must not reuse the first one's code.
     */
    static String at(String secret, int steps) {
        try {
            long step = System.currentTimeMillis() / 1000 / 30 + steps;
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
