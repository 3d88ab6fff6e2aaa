package com.compromisedcredentials.ssf.set;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The fixed-length keys a SET is stored and deduplicated under: issuers and {@code jti}s may be long (up to 1000 and
 * 256 characters), the columns that index them are not.
 */
public final class SetKeys {

    /** Short and plain enough to appear in an idempotency key as sent; anything else is hashed. */
    private static final Pattern PLAIN_JTI = Pattern.compile("[A-Za-z0-9._~+/=\\-]{1,64}");

    private SetKeys() {
    }

    /** The SHA-256 of the text, base64url without padding: 43 characters. */
    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    /**
     * The idempotency key of the batch made of the {@code index}-th recognised event of a SET:
     * {@code ssf:<16 characters of the issuer's hash>:<jti>[:<index>]}, the {@code jti} replaced by {@code #} and its
     * hash when it is long or has other characters. At most 89 characters, within the batch's 100.
     */
    public static String idempotencyKey(String issuer, String jti, int index) {
        String jtiPart = PLAIN_JTI.matcher(jti).matches() ? jti : "#" + hash(jti);
        return "ssf:" + hash(issuer).substring(0, 16) + ":" + jtiPart + (index == 0 ? "" : ":" + index);
    }
}
