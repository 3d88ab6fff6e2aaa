package com.compromisedcredentials.ssf.set;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Security Event Token (RFC 8417) whose signature, issuer, audience and age {@link SetVerifier} has checked.
 * Replay protection is the caller's: refuse a {@link #jti()} already seen from this issuer within
 * {@link TransmitterConfig#replayWindow()}.
 *
 * @param jti         the token's unique id
 * @param issuer      {@code iss}, equal to the configured issuer
 * @param audience    {@code aud} as a list
 * @param issuedAt    {@code iat}
 * @param txn         {@code txn}, the transmitter's transaction id, or null
 * @param timeOfEvent {@code toe} (SSF), or null
 * @param subject     the top-level {@code sub_id} (SSF), or null; events may carry their own {@code subject}
 * @param events      the {@code events} claim: event type URI → event payload (a JSON object), in token order.
 *                    Read-only by contract.
 */
public record SecurityEvent(
        String jti,
        String issuer,
        List<String> audience,
        Instant issuedAt,
        String txn,
        Instant timeOfEvent,
        SubjectIdentifier subject,
        Map<String, JsonNode> events) {

    public SecurityEvent {
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuedAt, "issuedAt");
        audience = List.copyOf(audience);
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }
}
