package com.compromisedcredentials.flag;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A password a signal says has leaked for one account, held only as its SHA-1 (a plaintext is hashed the moment it
 * is read, as breach feeds and Have I Been Pwned do). It is never stored, logged or returned as such: what is stored
 * is {@link #keyedHash}, an HMAC-SHA256 of the SHA-1 under a random key of the realm, so that a copy of the flag
 * tables alone does not give the leaked hashes. {@link #toString} says nothing about the value.
 */
public final class LeakedPassword {

    /** Characters of a hex SHA-1. */
    public static final int SHA1_HEX_LENGTH = 40;
    /** Bytes of a realm's key. */
    public static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] sha1;

    private LeakedPassword(byte[] sha1) {
        this.sha1 = sha1;
    }

    /** The SHA-1 of the password's UTF-8 bytes, as everyone computes it. */
    public static LeakedPassword ofPlaintext(String password) {
        try {
            return new LeakedPassword(MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this Java runtime", e);
        }
    }

    /** A hex SHA-1 as feeds send it, either case; empty if it is not 40 hex characters. */
    public static java.util.Optional<LeakedPassword> ofSha1Hex(String hex) {
        if (hex == null || hex.length() != SHA1_HEX_LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new LeakedPassword(HexFormat.of().parseHex(hex)));
    }

    /** HMAC-SHA256 of the SHA-1 under the realm's key, in lower-case hex (64 characters): the only stored form. */
    public String keyedHash(byte[] realmKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(realmKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sha1));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** Whether this password's keyed hash is {@code storedKeyedHash}, compared in constant time. */
    public boolean matches(byte[] realmKey, String storedKeyedHash) {
        if (storedKeyedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(keyedHash(realmKey).getBytes(StandardCharsets.US_ASCII),
                storedKeyedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** A new random key for a realm. */
    public static byte[] newRealmKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    @Override
    public String toString() {
        return "LeakedPassword[hidden]";
    }
}
