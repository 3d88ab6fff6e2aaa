package com.compromisedcredentials.ssf.set;

import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS algorithms a SET may be signed with. Anything else, {@code none} above all, is refused. ES256 signatures
 * are the raw {@code R||S} of RFC 7518 section 3.4, which the JDK verifies as {@code SHA256withECDSAinP1363Format}.
 */
public enum SigningAlgorithm {
    RS256("SHA256withRSA", "RSA", 0),
    ES256("SHA256withECDSAinP1363Format", "EC", 64);

    private final String jcaName;
    private final String keyType;
    private final int signatureLength;

    SigningAlgorithm(String jcaName, String keyType, int signatureLength) {
        this.jcaName = jcaName;
        this.keyType = keyType;
        this.signatureLength = signatureLength;
    }

    /** The {@link java.security.Signature} algorithm name. */
    public String jcaName() {
        return jcaName;
    }

    /** The JWK {@code kty} of keys that verify this algorithm. */
    public String keyType() {
        return keyType;
    }

    /** The exact signature length in bytes, or 0 where it depends on the key (RSA). */
    int signatureLength() {
        return signatureLength;
    }

    /** Case-sensitive, as JWS algorithm names are. */
    public static Optional<SigningAlgorithm> fromJwsName(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
