package com.compromisedcredentials.breach;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The SHA-1 of a password, the key of every breach corpus (HIBP's range API and its downloadable list hash the
 * UTF-8 bytes of the password). The one place where a password is hashed for a breach lookup.
 *
 * <p>It is as sensitive as the password it came from (SHA-1 of a weak password is reversed by a lookup table):
 * {@link #toString()} never shows it, and nothing here logs it.
 */
public final class PasswordSha1 {

    /** Hex characters of the range prefix that HIBP's k-anonymity model lets leave the server. */
    public static final int RANGE_PREFIX_LENGTH = 5;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final byte[] bytes;

    private PasswordSha1(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Hashes the UTF-8 bytes of {@code password}; the temporary byte copy is wiped. */
    public static PasswordSha1 of(CharSequence password) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(utf8.duplicate());
            return new PasswordSha1(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        } finally {
            if (utf8.hasArray()) {
                Arrays.fill(utf8.array(), (byte) 0);
            }
        }
    }

    /** A digest already computed elsewhere (a corpus entry, a test vector): 20 bytes. */
    public static PasswordSha1 ofDigest(byte[] digest) {
        if (digest.length != 20) {
            throw new IllegalArgumentException("a SHA-1 digest has 20 bytes, not " + digest.length);
        }
        return new PasswordSha1(digest.clone());
    }

    /** A copy of the 20 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 40 upper-case hex characters. */
    public String hex() {
        char[] out = new char[40];
        for (int i = 0; i < 20; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** The first five hex characters: all that is sent to the range API. */
    public String rangePrefix() {
        return hex().substring(0, RANGE_PREFIX_LENGTH);
    }

    /** The other 35 hex characters, as the range API lists them. */
    public String rangeSuffix() {
        return hex().substring(RANGE_PREFIX_LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordSha1 other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never the digest: it would let a log reader look the password up. */
    @Override
    public String toString() {
        return "PasswordSha1[redacted]";
    }
}
