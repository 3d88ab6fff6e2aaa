package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.TransmitterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.MaskedUrl;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Polls a transmitter for SETs (RFC 8936): POSTs
 * {@code {"ack": [...], "setErrs": {jti: {"err", "description"}}, "maxEvents": n, "returnImmediately": true}} with
 * {@code Authorization: Bearer <poll token>} and reads {@code {"sets": {jti: "<SET>"}, "moreAvailable": bool}}.
 * Each call is bounded by a hard deadline (connection to last byte) and a response size cap; redirects are not
 * followed. It verifies nothing: pass each SET to {@link SetVerifier#verify(String, String)} and acknowledge or
 * refuse it in the next poll.
 *
 * <p>Thread-safe; one instance can serve every transmitter.
 */
public final class PollClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(PollClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final BoundedHttp http;
    private final Duration timeout;

    /** With {@link #DEFAULT_TIMEOUT}. */
    public PollClient(BoundedHttp http) {
        this(http, DEFAULT_TIMEOUT);
    }

    /** @param timeout the deadline of one poll; for a long poll ({@code returnImmediately} false) it is how long to wait */
    public PollClient(BoundedHttp http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Polls the endpoint of a transmitter configured for poll delivery, with its poll token. */
    public PollResponse poll(TransmitterConfig config, PollRequest request) throws PollFailed {
        if (config.delivery() != DeliveryMethod.POLL) {
            throw new IllegalArgumentException("transmitter " + config.issuer() + " is not configured for poll delivery");
        }
        return poll(config.pollEndpoint(), config.pollBearerToken(), request);
    }

    public PollResponse poll(URI endpoint, String bearerToken, PollRequest request) throws PollFailed {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(request, "request");
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.ofString(body(request).toString()))
                .build();
        BoundedHttp.Response response;
        try {
            response = http.exchange(httpRequest, MAX_RESPONSE_BYTES, timeout);
        } catch (IOException e) {
            throw new PollFailed(0, null, "Polling " + MaskedUrl.of(endpoint) + " failed: " + BoundedHttp.describe(e), e);
        }
        if (response.status() != 200) {
            throw httpError(endpoint, response);
        }
        PollResponse parsed = parse(endpoint, response.body());
        LOG.debugf("Polled %s: %d acks and %d errors sent, %d SETs received, more available: %s", MaskedUrl.of(endpoint),
                request.ack().size(), request.setErrs().size(), parsed.sets().size(), parsed.moreAvailable());
        return parsed;
    }

    static ObjectNode body(PollRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode ack = body.putArray("ack");
        request.ack().forEach(ack::add);
        if (!request.setErrs().isEmpty()) {
            ObjectNode errs = body.putObject("setErrs");
            request.setErrs().forEach((jti, rejected) -> {
                ObjectNode err = errs.putObject(jti);
                err.put("err", rejected.code());
                err.put("description", rejected.description());
            });
        }
        body.put("maxEvents", request.maxEvents());
        body.put("returnImmediately", request.returnImmediately());
        return body;
    }

    private static PollResponse parse(URI endpoint, byte[] body) throws PollFailed {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new PollFailed(200, null, "The poll response of " + MaskedUrl.of(endpoint) + " is not valid JSON.", e);
        }
        if (root == null || !root.isObject() || !root.path("sets").isObject()) {
            throw new PollFailed(200, null, "The poll response of " + MaskedUrl.of(endpoint) + " has no 'sets' object.", null);
        }
        Map<String, String> sets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("sets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            sets.put(entry.getKey(), entry.getValue().isTextual() ? entry.getValue().asText() : "");
        }
        JsonNode more = root.get("moreAvailable");
        if (more != null && !more.isNull() && !more.isBoolean()) {
            throw new PollFailed(200, null, "The poll response of " + MaskedUrl.of(endpoint) + " has a 'moreAvailable' that is not true or false.", null);
        }
        return new PollResponse(sets, more != null && more.asBoolean(false));
    }

    /**
     * An HTTP error: the status and a fixed text. The transmitter's {@code err} code is kept for decisions but never
     * put into the message, which is stored and shown: nothing the transmitter wrote reaches an admin's screen.
     */
    private static PollFailed httpError(URI endpoint, BoundedHttp.Response response) {
        String err = null;
        try {
            JsonNode root = MAPPER.readTree(response.body());
            if (root != null && root.isObject() && root.path("err").isTextual()) {
                err = root.get("err").asText();
            }
        } catch (IOException e) {
            // not JSON: the status says enough
        }
        return new PollFailed(response.status(), err,
                "Polling " + MaskedUrl.of(endpoint) + " answered " + BoundedHttp.describeStatus(response.status()), null);
    }
}
