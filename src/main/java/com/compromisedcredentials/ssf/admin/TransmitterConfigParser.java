package com.compromisedcredentials.ssf.admin;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.set.JwkSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.compromisedcredentials.support.web.RequestRejected;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes a {@link TransmitterConfig} as JSON, the form an admin submits and storage keeps:
 *
 * <pre>
 * {"issuer": "https://tx.example.com", "jwksUri": "https://tx.example.com/jwks.json",
 *  "audience": "https://idp.example.com/realms/acme", "delivery": "push",
 *  "pushBearerToken": "...", "clockSkewSeconds": 60, "maxTokenAgeSeconds": 604800}
 * {"issuer": "...", "jwks": {"keys": [...]}, "audience": "...", "delivery": "poll",
 *  "pollEndpoint": "https://tx.example.com/poll", "pollBearerToken": "..."}
 * </pre>
 *
 * <p>Strict: an unknown field, a wrong type, both or neither of {@code jwksUri}/{@code jwks}, a URL that is not
 * https (plain http only to a loopback address, for tests), a bearer token that is short or not header-safe, a
 * push field on a poll transmitter or the reverse, a static key set with private keys or no usable key: each is a
 * {@link RequestRejected} with the error {@value #ERROR} (or {@code invalid_json} for bytes that are not a JSON
 * object) and a description naming the field.
 */
public class TransmitterConfigParser {

    public static final String ERROR = "invalid_transmitter";
    public static final int MAX_BODY_BYTES = 512 * 1024;
    static final int MAX_TEXT = 1000;
    static final int MAX_URL = 2000;
    static final int MIN_TOKEN = 16;
    static final int MAX_TOKEN = 1000;
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    static final Duration MIN_TOKEN_AGE = Duration.ofMinutes(1);
    static final Duration MAX_TOKEN_AGE = Duration.ofDays(30);

    private static final List<String> FIELDS = List.of("issuer", "jwksUri", "jwks", "audience", "delivery",
            "pushBearerToken", "pollEndpoint", "pollBearerToken", "clockSkewSeconds", "maxTokenAgeSeconds");
    /** RFC 6750 b64token: what may follow "Bearer " in a header. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public TransmitterConfig parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public TransmitterConfig parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw RequestRejected.tooLarge("request_too_large", "The transmitter configuration is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw RequestRejected.badRequest("invalid_json", "The transmitter configuration is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw RequestRejected.badRequest("invalid_json", "The transmitter configuration must be a JSON object.");
        }
        return parse(root);
    }

    /** From an already parsed JSON object, e.g. a member of a larger document. */
    public TransmitterConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid("The transmitter configuration must be a JSON object.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid("Unknown field '" + name + "'. Known fields: " + String.join(", ", FIELDS) + ".");
            }
        }
        String issuer = requiredText(root, "issuer");
        String audience = requiredText(root, "audience");

        URI jwksUri = optionalUrl(root, "jwksUri");
        String jwks = staticJwks(root.get("jwks"));
        if ((jwksUri == null) == (jwks == null)) {
            throw invalid("Give exactly one of 'jwksUri' (where the transmitter publishes its keys) and 'jwks' (its key set).");
        }

        String deliveryName = requiredText(root, "delivery");
        DeliveryMethod delivery = DeliveryMethod.fromWireName(deliveryName)
                .orElseThrow(() -> invalid("Field 'delivery' must be 'push' or 'poll'."));
        String pushBearerToken = optionalToken(root, "pushBearerToken");
        URI pollEndpoint = optionalUrl(root, "pollEndpoint");
        String pollBearerToken = optionalToken(root, "pollBearerToken");
        if (delivery == DeliveryMethod.PUSH) {
            if (pollEndpoint != null || pollBearerToken != null) {
                throw invalid("Fields 'pollEndpoint' and 'pollBearerToken' are for delivery 'poll'; this transmitter pushes.");
            }
        } else {
            if (pushBearerToken != null) {
                throw invalid("Field 'pushBearerToken' is for delivery 'push'; this transmitter is polled.");
            }
            if (pollEndpoint == null || pollBearerToken == null) {
                throw invalid("Delivery 'poll' needs 'pollEndpoint' and 'pollBearerToken'.");
            }
        }

        Duration clockSkew = optionalSeconds(root, "clockSkewSeconds", Duration.ZERO, MAX_CLOCK_SKEW);
        Duration maxTokenAge = optionalSeconds(root, "maxTokenAgeSeconds", MIN_TOKEN_AGE, MAX_TOKEN_AGE);
        return new TransmitterConfig(issuer, jwksUri, jwks, audience, delivery, pushBearerToken, pollEndpoint,
                pollBearerToken, clockSkew, maxTokenAge);
    }

    /**
     * The JSON form that {@link #parse} reads back. With {@code includeSecrets} false the bearer tokens are left
     * out: the form to show an admin.
     */
    public ObjectNode toJson(TransmitterConfig config, boolean includeSecrets) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("issuer", config.issuer());
        if (config.jwksUri() != null) {
            node.put("jwksUri", config.jwksUri().toString());
        } else {
            try {
                node.set("jwks", MAPPER.readTree(config.jwks()));
            } catch (IOException e) {
                throw new IllegalStateException("stored key set is not JSON", e);
            }
        }
        node.put("audience", config.audience());
        node.put("delivery", config.delivery().wireName());
        if (includeSecrets && config.pushBearerToken() != null) {
            node.put("pushBearerToken", config.pushBearerToken());
        }
        if (config.pollEndpoint() != null) {
            node.put("pollEndpoint", config.pollEndpoint().toString());
        }
        if (includeSecrets && config.pollBearerToken() != null) {
            node.put("pollBearerToken", config.pollBearerToken());
        }
        node.put("clockSkewSeconds", config.clockSkew().toSeconds());
        node.put("maxTokenAgeSeconds", config.maxTokenAge().toSeconds());
        return node;
    }

    public String toJsonString(TransmitterConfig config, boolean includeSecrets) {
        return toJson(config, includeSecrets).toString();
    }

    private static String staticJwks(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid("Field 'jwks' must be a JSON Web Key Set object: {\"keys\": [...]}.");
        }
        try {
            JwkSet.parse(node, true);
        } catch (JwkSet.Invalid e) {
            throw invalid("Field 'jwks': " + e.getMessage());
        }
        String compact = node.toString();
        if (compact.length() > JwkSet.MAX_BYTES) {
            throw invalid("Field 'jwks' is larger than " + JwkSet.MAX_BYTES + " bytes.");
        }
        return compact;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid("Field '" + field + "' is required.");
        }
        if (!node.isTextual()) {
            throw invalid("Field '" + field + "' must be a string.");
        }
        String value = node.asText();
        if (value.isBlank()) {
            throw invalid("Field '" + field + "' must not be empty.");
        }
        if (!value.equals(value.strip())) {
            throw invalid("Field '" + field + "' must not start or end with spaces: it is compared exactly.");
        }
        if (value.length() > MAX_TEXT) {
            throw invalid("Field '" + field + "' is longer than " + MAX_TEXT + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("Field '" + field + "' contains control characters.");
        }
        return value;
    }

    private static String optionalToken(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("Field '" + field + "' must be a string.");
        }
        String token = node.asText();
        if (token.length() < MIN_TOKEN || token.length() > MAX_TOKEN) {
            throw invalid("Field '" + field + "' must be " + MIN_TOKEN + " to " + MAX_TOKEN + " characters long.");
        }
        if (!B64TOKEN.matcher(token).matches()) {
            throw invalid("Field '" + field + "' may hold only letters, digits and - . _ ~ + / (then = padding), as a bearer token in an HTTP header.");
        }
        return token;
    }

    private static URI optionalUrl(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("Field '" + field + "' must be a string.");
        }
        String text = node.asText();
        if (text.length() > MAX_URL) {
            throw invalid("Field '" + field + "' is longer than " + MAX_URL + " characters.");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("Field '" + field + "' is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
            throw invalid("Field '" + field + "' must be an absolute https URL.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw invalid("Field '" + field + "' must not contain user info or a fragment.");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw invalid("Field '" + field + "' must be an https URL (plain http is accepted only for a loopback address).");
        }
        return uri;
    }

    /** localhost or a loopback IP literal (127.0.0.0/8, ::1); never resolves a name. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            String[] octets = h.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (h.startsWith("[") && h.endsWith("]") && h.indexOf(':') > 0) {
            try {
                // an IPv6 literal (it has a colon): parsed, never looked up
                return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static Duration optionalSeconds(JsonNode root, String field, Duration min, Duration max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid("Field '" + field + "' must be a whole number of seconds.");
        }
        long seconds = node.longValue();
        if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
            throw invalid("Field '" + field + "' must be between " + min.toSeconds() + " and " + max.toSeconds() + " seconds.");
        }
        return Duration.ofSeconds(seconds);
    }

    private static RequestRejected invalid(String description) {
        return RequestRejected.badRequest(ERROR, description);
    }
}
