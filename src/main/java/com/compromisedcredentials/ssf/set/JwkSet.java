package com.compromisedcredentials.ssf.set;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The signature-verification keys of a JSON Web Key Set (RFC 7517): RSA keys of at least 2048 bits and EC keys on
 * P-256, built with the JDK alone. Keys this receiver cannot use (another curve or key type, {@code use} other than
 * {@code sig}, an {@code alg} other than RS256/ES256) are left out.
 *
 * <p>Two modes. <em>Strict</em>, for a key set an admin pastes into the transmitter configuration: any malformed
 * key, private or symmetric key material, or a duplicated {@code kid} is an error, and at least one usable key is
 * required. <em>Lenient</em>, for a key set fetched from the transmitter: a bad key is skipped (and named in
 * {@link #skipped()}) so that one broken entry does not take the others down.
 */
public final class JwkSet {

    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_KEYS = 100;
    static final int MIN_RSA_BITS = 2048;

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ECParameterSpec P256 = p256();

    /** One usable key. {@code kid} may be null. */
    record Jwk(String kid, SigningAlgorithm algorithm, PublicKey key) {
    }

    /** The key set is not acceptable (strict mode) or not a key set at all (both modes). */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private final List<Jwk> keys;
    private final List<String> skipped;

    private JwkSet(List<Jwk> keys, List<String> skipped) {
        this.keys = List.copyOf(keys);
        this.skipped = List.copyOf(skipped);
    }

    List<Jwk> keys() {
        return keys;
    }

    /** Why keys were left out, one line each (lenient mode). */
    List<String> skipped() {
        return skipped;
    }

    /**
     * The keys that may verify a signature by {@code algorithm}: the one(s) with this {@code kid}, or, for a token
     * without {@code kid}, every key of the right type.
     */
    List<PublicKey> candidates(String kid, SigningAlgorithm algorithm) {
        List<PublicKey> found = new ArrayList<>();
        for (Jwk jwk : keys) {
            if (jwk.algorithm() == algorithm && (kid == null || kid.equals(jwk.kid()))) {
                found.add(jwk.key());
            }
        }
        return found;
    }

    boolean containsKid(String kid) {
        return keys.stream().anyMatch(k -> kid.equals(k.kid()));
    }

    static JwkSet parse(String json, boolean strict) throws Invalid {
        if (json.length() > MAX_BYTES) {
            throw new Invalid("The key set is larger than " + MAX_BYTES + " bytes.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new Invalid("The key set is not valid JSON.");
        }
        return parse(root, strict);
    }

    public static JwkSet parse(JsonNode root, boolean strict) throws Invalid {
        if (root == null || !root.isObject() || !root.path("keys").isArray()) {
            throw new Invalid("The key set must be a JSON object with a 'keys' array.");
        }
        JsonNode array = root.get("keys");
        if (array.size() > MAX_KEYS) {
            throw new Invalid("The key set holds more than " + MAX_KEYS + " keys.");
        }
        List<Jwk> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String where = "keys[" + i + "]";
            try {
                Jwk jwk = key(array.get(i), where, strict);
                if (jwk == null) {
                    continue;
                }
                if (jwk.kid() != null && !kids.add(jwk.kid()) && strict) {
                    throw new Invalid(where + ": the kid '" + jwk.kid() + "' is used by another key.");
                }
                keys.add(jwk);
            } catch (Invalid e) {
                if (strict) {
                    throw e;
                }
                skipped.add(e.getMessage());
            }
        }
        if (strict && keys.isEmpty()) {
            throw new Invalid("The key set holds no RSA (2048 bits or more) or EC P-256 signing key.");
        }
        return new JwkSet(keys, skipped);
    }

    /** The key, null if it is well formed but not for us, or Invalid. */
    private static Jwk key(JsonNode node, String where, boolean strict) throws Invalid {
        if (!node.isObject()) {
            throw new Invalid(where + " is not a JSON object.");
        }
        String kty = text(node, "kty", where, true);
        for (String member : PRIVATE_MEMBERS) {
            if (node.has(member)) {
                throw new Invalid(where + " contains private or symmetric key material ('" + member
                        + "'): give only the transmitter's public keys.");
            }
        }
        String kid = text(node, "kid", where, false);
        String use = text(node, "use", where, false);
        String alg = text(node, "alg", where, false);
        if (use != null && !use.equals("sig")) {
            return notForUs(where + " is not a signing key (use '" + use + "').", false);
        }
        JsonNode ops = node.get("key_ops");
        if (ops != null && (!ops.isArray() || !containsText(ops, "verify"))) {
            return notForUs(where + " may not verify signatures (key_ops).", false);
        }
        SigningAlgorithm algorithm;
        PublicKey key;
        switch (kty) {
            case "RSA" -> {
                algorithm = SigningAlgorithm.RS256;
                key = rsa(node, where);
            }
            case "EC" -> {
                String crv = text(node, "crv", where, true);
                if (!crv.equals("P-256")) {
                    return notForUs(where + " is on curve '" + crv + "'; only P-256 is supported.", strict);
                }
                algorithm = SigningAlgorithm.ES256;
                key = ec(node, where);
            }
            default -> {
                return notForUs(where + " has key type '" + kty + "'; only RSA and EC are supported.", strict);
            }
        }
        if (alg != null && !alg.equals(algorithm.name())) {
            return notForUs(where + " is declared for algorithm '" + alg + "'; only " + algorithm.name()
                    + " is supported for a " + kty + " key.", strict);
        }
        return new Jwk(kid, algorithm, key);
    }

    private static Jwk notForUs(String why, boolean fail) throws Invalid {
        if (fail) {
            throw new Invalid(why);
        }
        return null;
    }

    private static PublicKey rsa(JsonNode node, String where) throws Invalid {
        BigInteger n = unsigned(node, "n", where);
        BigInteger e = unsigned(node, "e", where);
        if (n.bitLength() < MIN_RSA_BITS) {
            throw new Invalid(where + ": the RSA modulus has " + n.bitLength() + " bits; at least " + MIN_RSA_BITS + " are required.");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new Invalid(where + ": the RSA exponent is not valid.");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new Invalid(where + ": not a valid RSA public key.");
        }
    }

    private static PublicKey ec(JsonNode node, String where) throws Invalid {
        byte[] x = bytes(node, "x", where);
        byte[] y = bytes(node, "y", where);
        if (x.length != 32 || y.length != 32) {
            throw new Invalid(where + ": P-256 coordinates 'x' and 'y' must be 32 bytes each.");
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!onCurve(point)) {
            throw new Invalid(where + ": the point is not on the P-256 curve.");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException ex) {
            throw new Invalid(where + ": not a valid EC public key.");
        }
    }

    /** y^2 = x^3 + ax + b (mod p), with both coordinates in the field. */
    static boolean onCurve(ECPoint point) {
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static BigInteger unsigned(JsonNode node, String member, String where) throws Invalid {
        byte[] bytes = bytes(node, member, where);
        if (bytes.length == 0) {
            throw new Invalid(where + ": '" + member + "' is empty.");
        }
        return new BigInteger(1, bytes);
    }

    private static byte[] bytes(JsonNode node, String member, String where) throws Invalid {
        byte[] bytes = Base64Url.decode(text(node, member, where, true));
        if (bytes == null) {
            throw new Invalid(where + ": '" + member + "' is not base64url.");
        }
        return bytes;
    }

    private static String text(JsonNode node, String member, String where, boolean required) throws Invalid {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Invalid(where + " has no '" + member + "'.");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new Invalid(where + ": '" + member + "' must be a string.");
        }
        return value.asText();
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.isTextual() && item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no P-256 curve", e);
        }
    }
}
