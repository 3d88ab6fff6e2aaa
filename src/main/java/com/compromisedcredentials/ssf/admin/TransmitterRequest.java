package com.compromisedcredentials.ssf.admin;

import com.compromisedcredentials.ssf.TransmitterConfig;
import java.io.IOException;
import java.util.List;

import com.compromisedcredentials.support.web.RequestRejected;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST} and {@code PUT /transmitters}: a transmitter configuration ({@link TransmitterConfigParser},
 * strict) plus an optional {@code "enabled"} (true by default).
 *
 * <p>So that what {@code GET} shows can be edited and sent back: the read-only members of the answer ({@code id},
 * {@code pushEndpoint}, the status times, ...) are ignored, and on {@code PUT} a bearer token left out keeps its
 * stored value as long as the delivery method is unchanged ({@code null} removes it).
 */
public final class TransmitterRequest {

    /** Members of the admin API's answer that a request may carry back and that are ignored. */
    static final List<String> READ_ONLY = List.of("id", "pushEndpoint", "pushBearerTokenSet", "pollBearerTokenSet",
            "createdAt", "createdBy", "updatedAt", "lastReceivedAt", "lastPollAt", "lastPollError");
    private static final List<String> SECRETS = List.of("pushBearerToken", "pollBearerToken");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TransmitterConfigParser PARSER = new TransmitterConfigParser();

    /** A valid request: the configuration and whether the transmitter is enabled. */
    public record Parsed(TransmitterConfig config, boolean enabled) {
    }

    private TransmitterRequest() {
    }

    /**
     * @param existing the stored configuration on {@code PUT}, null on {@code POST}
     * @throws RequestRejected {@code request_too_large}, {@code invalid_json} or {@code invalid_transmitter}
     */
    public static Parsed parse(byte[] body, TransmitterConfig existing) {
        if (body.length > TransmitterConfigParser.MAX_BODY_BYTES) {
            throw RequestRejected.tooLarge("request_too_large",
                    "The transmitter configuration is larger than " + TransmitterConfigParser.MAX_BODY_BYTES + " bytes.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw RequestRejected.badRequest("invalid_json", "The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw RequestRejected.badRequest("invalid_json", "The request body must be a JSON object.");
        }
        ObjectNode config = ((ObjectNode) root).deepCopy();
        boolean enabled = true;
        JsonNode enabledNode = config.remove("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (!enabledNode.isBoolean()) {
                throw RequestRejected.badRequest(TransmitterConfigParser.ERROR, "Field 'enabled' must be true or false.");
            }
            enabled = enabledNode.booleanValue();
        }
        config.remove(READ_ONLY);
        if (existing != null && existing.delivery().wireName().equals(config.path("delivery").asText(null))) {
            for (String secret : SECRETS) {
                String stored = secret.equals("pushBearerToken") ? existing.pushBearerToken() : existing.pollBearerToken();
                if (!config.has(secret) && stored != null) {
                    config.put(secret, stored);
                }
            }
        }
        return new Parsed(PARSER.parse(config), enabled);
    }
}
