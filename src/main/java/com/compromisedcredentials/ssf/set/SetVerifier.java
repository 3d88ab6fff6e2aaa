package com.compromisedcredentials.ssf.set;

import com.compromisedcredentials.ssf.TransmitterConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies a Security Event Token (RFC 8417) in compact JWS form against one transmitter's configuration, and
 * returns it parsed or says why it is refused with an RFC 8935 error code ({@link SetRejected}).
 *
 * <p>What is checked, in this order (the claims are read only once the signature holds):
 * <ol>
 * <li>Form: three base64url parts (an encrypted, five-part SET is refused), a JSON header, at most
 * {@value #MAX_SET_LENGTH} characters.</li>
 * <li>Header: {@code alg} is RS256 or ES256, nothing else ({@code none} above all); no {@code crit};
 * {@code typ}, if present, is {@code secevent+jwt} (or {@code application/secevent+jwt}). A missing {@code typ} is
 * accepted without a warning: RFC 8417 only recommends it, and what explicit typing protects against (another
 * kind of JWT from the same issuer passed off as a SET) is already excluded by the required {@code events} claim
 * and the issuer and audience binding. Header members that point at keys ({@code jku}, {@code jwk}, {@code x5u},
 * {@code x5c}) are ignored: keys come only from the configuration.</li>
 * <li>Signature: by the configured transmitter's key with that {@code kid} (any of its keys of the algorithm's
 * type if the header has no {@code kid}); ES256 signatures must be the 64-byte {@code R||S}.</li>
 * <li>Claims: {@code iss} equals the configured issuer; {@code aud} (a string or an array) contains the configured
 * audience; {@code iat} is present, not later than now plus the clock skew and not older than the maximum token age
 * plus the skew; {@code exp} and {@code nbf}, if present, hold; {@code jti} is a non-empty string; {@code events} is
 * a non-empty object of objects; {@code sub_id}, if present, is a well-formed subject identifier.</li>
 * </ol>
 *
 * <p>Error codes: malformed or unacceptable token or claims → {@code invalid_request}; no matching key or a
 * signature that does not verify → {@code invalid_key}; {@code iss} → {@code invalid_issuer}; {@code aud} →
 * {@code invalid_audience}. If the transmitter's keys cannot be fetched the result is a {@link KeysUnavailable},
 * which is not the token's fault. Replay protection ({@code jti} seen before) is the caller's.
 *
 * <p>Thread-safe.
 */
public final class SetVerifier {

    public static final int MAX_SET_LENGTH = 64 * 1024;
    static final int MAX_JTI = 256;
    /** 9999-12-31T23:59:59Z: a NumericDate beyond this is nonsense. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final Logger LOG = Logger.getLogger(SetVerifier.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final TransmitterConfig config;
    private final JwksKeySource keys;
    private final Clock clock;

    public SetVerifier(TransmitterConfig config, JwksKeySource keys) {
        this(config, keys, Clock.systemUTC());
    }

    public SetVerifier(TransmitterConfig config, JwksKeySource keys, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws SetRejected      the token is refused for good (see the class comment for the codes)
     * @throws KeysUnavailable  the transmitter's keys could not be had: neither accept nor refuse, try later
     */
    public SecurityEvent verify(String compact) {
        try {
            return doVerify(compact);
        } catch (SetRejected e) {
            LOG.debugf("SET from %s refused: %s %s", config.issuer(), e.code(), e.description());
            throw e;
        }
    }

    /**
     * As {@link #verify(String)}, for a SET received by poll under the key {@code expectedJti} of the
     * {@code sets} object (RFC 8936 section 2.5): the token's {@code jti} must be the same.
     */
    public SecurityEvent verify(String compact, String expectedJti) {
        SecurityEvent event = verify(compact);
        if (!event.jti().equals(expectedJti)) {
            SetRejected rejected = SetRejected.invalidRequest("The SET's jti differs from the key it was delivered under.");
            LOG.debugf("SET from %s refused: %s %s", config.issuer(), rejected.code(), rejected.description());
            throw rejected;
        }
        return event;
    }

    /**
     * The {@code iss} of a token <em>without</em> checking anything, to choose which transmitter's configuration
     * to verify it with when one endpoint serves several. Never act on it otherwise.
     */
    public static Optional<String> unverifiedIssuer(String compact) {
        if (compact == null || compact.length() > MAX_SET_LENGTH) {
            return Optional.empty();
        }
        String[] parts = compact.strip().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = json(parts[1], "payload");
            JsonNode iss = claims.get("iss");
            return iss != null && iss.isTextual() ? Optional.of(iss.asText()) : Optional.empty();
        } catch (SetRejected e) {
            return Optional.empty();
        }
    }

    private SecurityEvent doVerify(String compact) {
        if (compact == null || compact.isBlank()) {
            throw SetRejected.invalidRequest("The request holds no SET.");
        }
        if (compact.length() > MAX_SET_LENGTH) {
            throw SetRejected.invalidRequest("The SET is longer than " + MAX_SET_LENGTH + " characters.");
        }
        String[] parts = compact.strip().split("\\.", -1);
        if (parts.length == 5) {
            throw SetRejected.invalidRequest("Encrypted SETs (JWE) are not supported; send a signed JWS.");
        }
        if (parts.length != 3) {
            throw SetRejected.invalidRequest("The SET is not a compact JWS (three base64url parts separated by dots).");
        }

        JsonNode header = json(parts[0], "header");
        SigningAlgorithm algorithm = algorithm(header.get("alg"));
        if (header.has("crit")) {
            throw SetRejected.invalidRequest("The JWS header has 'crit' extensions, which this receiver does not understand.");
        }
        checkType(header.get("typ"));
        JsonNode kidNode = header.get("kid");
        if (kidNode != null && !kidNode.isTextual()) {
            throw SetRejected.invalidRequest("The JWS header's 'kid' must be a string.");
        }
        String kid = kidNode == null ? null : kidNode.asText();
        checkSignature(parts, algorithm, kid);

        JsonNode claims = json(parts[1], "payload");
        String issuer = issuer(claims.get("iss"));
        List<String> audience = audience(claims.get("aud"));
        Instant now = clock.instant();
        Instant issuedAt = checkTimes(claims, now);
        String jti = jti(claims.get("jti"));
        Map<String, JsonNode> events = events(claims.get("events"));
        String txn = optionalString(claims, "txn");
        JsonNode toe = claims.get("toe");
        Instant timeOfEvent = toe == null || toe.isNull() ? null : numericDate(toe, "toe");
        JsonNode subId = claims.get("sub_id");
        SubjectIdentifier subject = subId == null || subId.isNull() ? null : SubjectIdentifier.parse(subId, "sub_id");
        return new SecurityEvent(jti, issuer, audience, issuedAt, txn, timeOfEvent, subject, events);
    }

    private static SigningAlgorithm algorithm(JsonNode alg) {
        if (alg == null || !alg.isTextual()) {
            throw SetRejected.invalidRequest("The JWS header has no 'alg'.");
        }
        if (alg.asText().equalsIgnoreCase("none")) {
            throw SetRejected.invalidRequest("Unsigned SETs (alg 'none') are refused; sign with RS256 or ES256.");
        }
        return SigningAlgorithm.fromJwsName(alg.asText()).orElseThrow(() -> SetRejected.invalidRequest(
                "The JWS algorithm is not accepted; sign with RS256 or ES256."));
    }

    private static void checkType(JsonNode typ) {
        if (typ == null || typ.isNull()) {
            return;
        }
        String value = typ.isTextual() ? typ.asText().toLowerCase(Locale.ROOT) : "";
        if (!value.equals("secevent+jwt") && !value.equals("application/secevent+jwt")) {
            throw SetRejected.invalidRequest("The JWS header's 'typ' must be 'secevent+jwt'.");
        }
    }

    private void checkSignature(String[] parts, SigningAlgorithm algorithm, String kid) {
        byte[] signature = Base64Url.decode(parts[2]);
        if (signature == null || signature.length == 0) {
            throw SetRejected.invalidRequest("The JWS signature is missing or not base64url.");
        }
        if (algorithm.signatureLength() > 0 && signature.length != algorithm.signatureLength()) {
            throw new SetRejected(SetError.INVALID_KEY, "An " + algorithm + " signature must be "
                    + algorithm.signatureLength() + " bytes (R||S).");
        }
        List<PublicKey> candidates = keys.keys(kid, algorithm);
        if (candidates.isEmpty()) {
            throw new SetRejected(SetError.INVALID_KEY, kid == null
                    ? "The transmitter has no " + algorithm + " key and the JWS header names no 'kid'."
                    : "The transmitter has no " + algorithm + " key with the JWS header's 'kid'.");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        for (PublicKey key : candidates) {
            if (verifies(algorithm, key, signingInput, signature)) {
                return;
            }
        }
        throw new SetRejected(SetError.INVALID_KEY, "The JWS signature does not verify with the transmitter's key.");
    }

    private static boolean verifies(SigningAlgorithm algorithm, PublicKey key, byte[] input, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // a malformed signature is just one that does not verify
            return false;
        }
    }

    private String issuer(JsonNode iss) {
        if (iss == null || !iss.isTextual()) {
            throw SetRejected.invalidRequest("The SET has no 'iss' string.");
        }
        if (!iss.asText().equals(config.issuer())) {
            throw new SetRejected(SetError.INVALID_ISSUER, "The SET's 'iss' is not the issuer configured for this transmitter.");
        }
        return iss.asText();
    }

    private List<String> audience(JsonNode aud) {
        List<String> audience = new ArrayList<>();
        if (aud != null && aud.isTextual()) {
            audience.add(aud.asText());
        } else if (aud != null && aud.isArray()) {
            for (JsonNode item : aud) {
                if (!item.isTextual()) {
                    throw SetRejected.invalidRequest("The SET's 'aud' must be a string or an array of strings.");
                }
                audience.add(item.asText());
            }
        } else if (aud != null && !aud.isNull()) {
            throw SetRejected.invalidRequest("The SET's 'aud' must be a string or an array of strings.");
        }
        if (!audience.contains(config.audience())) {
            throw new SetRejected(SetError.INVALID_AUDIENCE, "The SET's 'aud' does not include this receiver's audience.");
        }
        return audience;
    }

    private Instant checkTimes(JsonNode claims, Instant now) {
        Duration skew = config.clockSkew();
        JsonNode iatNode = claims.get("iat");
        if (iatNode == null || iatNode.isNull()) {
            throw SetRejected.invalidRequest("The SET has no 'iat'.");
        }
        Instant iat = numericDate(iatNode, "iat");
        if (iat.isAfter(now.plus(skew))) {
            throw SetRejected.invalidRequest("The SET's 'iat' is in the future; check the transmitter's clock.");
        }
        if (iat.plus(config.maxTokenAge()).plus(skew).isBefore(now)) {
            throw SetRejected.invalidRequest("The SET was issued more than " + config.maxTokenAge().toSeconds()
                    + " seconds ago, longer than this receiver accepts.");
        }
        JsonNode exp = claims.get("exp");
        if (exp != null && !exp.isNull() && !numericDate(exp, "exp").plus(skew).isAfter(now)) {
            throw SetRejected.invalidRequest("The SET has expired ('exp').");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && !nbf.isNull() && numericDate(nbf, "nbf").minus(skew).isAfter(now)) {
            throw SetRejected.invalidRequest("The SET is not valid yet ('nbf').");
        }
        return iat;
    }

    /** Seconds since the epoch, possibly fractional (RFC 7519 NumericDate). */
    static Instant numericDate(JsonNode node, String claim) {
        if (!node.isNumber()) {
            throw SetRejected.invalidRequest("The SET's '" + claim + "' must be a number of seconds since 1970.");
        }
        BigDecimal seconds = node.decimalValue();
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
            throw SetRejected.invalidRequest("The SET's '" + claim + "' is out of range.");
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static String jti(JsonNode jti) {
        if (jti == null || !jti.isTextual() || jti.asText().isBlank()) {
            throw SetRejected.invalidRequest("The SET has no 'jti'.");
        }
        String value = jti.asText();
        if (value.length() > MAX_JTI || value.chars().anyMatch(Character::isISOControl)) {
            throw SetRejected.invalidRequest("The SET's 'jti' is longer than " + MAX_JTI + " characters or has control characters.");
        }
        return value;
    }

    private static Map<String, JsonNode> events(JsonNode events) {
        if (events == null || !events.isObject() || events.isEmpty()) {
            throw SetRejected.invalidRequest("The SET has no 'events' object with at least one event.");
        }
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> event = it.next();
            if (!event.getValue().isObject()) {
                throw SetRejected.invalidRequest("The payload of each event in 'events' must be a JSON object.");
            }
            byType.put(event.getKey(), event.getValue());
        }
        return byType;
    }

    private static String optionalString(JsonNode claims, String claim) {
        JsonNode node = claims.get(claim);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw SetRejected.invalidRequest("The SET's '" + claim + "' must be a string.");
        }
        return node.asText();
    }

    private static JsonNode json(String part, String what) {
        byte[] bytes = Base64Url.decode(part);
        if (bytes == null || bytes.length == 0) {
            throw SetRejected.invalidRequest("The JWS " + what + " is not base64url.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw SetRejected.invalidRequest("The JWS " + what + " is not valid JSON (or repeats a member).");
        }
        if (node == null || !node.isObject()) {
            throw SetRejected.invalidRequest("The JWS " + what + " is not a JSON object.");
        }
        return node;
    }
}
