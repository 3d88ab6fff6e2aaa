package com.compromisedcredentials.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The one-time code emailed for the step-up: random digits, kept only as a salted hash with its expiry,
 * the wrong attempts so far and when it was sent. Single use: a verified code is discarded by the caller.
 * Plain, so that every rule is unit-tested.
 */
public record StepUpCode(String salt, String hash, long expiresAt, int attempts, long sentAt) {

    /** What checking an entered code found. */
    public enum Check { OK, WRONG, EXPIRED, EXHAUSTED }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new code of {@code digits} digits: the code to send, and what to keep. */
    public static Issued issue(int digits, long now, long ttlMillis) {
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            code.append(RANDOM.nextInt(10));
        }
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(saltBytes);
        return new Issued(code.toString(), new StepUpCode(salt, hash(salt, code.toString()), now + ttlMillis, 0, now));
    }

    /** The code in clear (to send once, never to keep) and the record to keep. */
    public record Issued(String code, StepUpCode kept) {
    }

    public Check check(String entered, long now, int maxAttempts) {
        if (attempts >= maxAttempts) {
            return Check.EXHAUSTED;
        }
        if (now > expiresAt) {
            return Check.EXPIRED;
        }
        String normalized = entered == null ? "" : entered.replaceAll("[\\s-]", "");
        boolean same = MessageDigest.isEqual(hash(salt, normalized).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
        return same ? Check.OK : Check.WRONG;
    }

    public StepUpCode withFailedAttempt() {
        return new StepUpCode(salt, hash, expiresAt, attempts + 1, sentAt);
    }

    public boolean mayResend(long now, long cooldownMillis) {
        return now >= sentAt + cooldownMillis;
    }

    /** The form kept in an authentication-session note. */
    public String serialize() {
        return String.join(":", salt, hash, Long.toString(expiresAt), Integer.toString(attempts), Long.toString(sentAt));
    }

    public static Optional<StepUpCode> parse(String note) {
        if (note == null) {
            return Optional.empty();
        }
        String[] parts = note.split(":");
        if (parts.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StepUpCode(parts[0], parts[1], Long.parseLong(parts[2]), Integer.parseInt(parts[3]),
                    Long.parseLong(parts[4])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String hash(String salt, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "StepUpCode[expiresAt=" + expiresAt + ", attempts=" + attempts + "]"; // never the hash
    }
}
