package com.compromisedcredentials.ssf.set;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Picks the events this receiver acts on out of a verified SET ({@link CompromiseEventType}) and turns each into a
 * {@link CompromiseSignal}. Other event types (CAEP session revoked, RISC account disabled, SSF verification, ...)
 * yield nothing: the SET is still acknowledged, so the transmitter does not send it again.
 *
 * <p>A recognised event must name its account, in its {@code subject} member (RISC) or the SET's {@code sub_id}
 * (SSF), with a well-formed RFC 9493 subject identifier; {@code credential_type}, if present, must be a string;
 * {@code event_timestamp}, if present, a NumericDate; {@code reason_admin} and {@code reason_user}, if present, a
 * string or a language map. Otherwise the SET is refused with {@code invalid_request} (RFC 8935: the event payload
 * does not conform to the event's definition).
 */
public final class CompromiseEventMapper {

    private static final Logger LOG = Logger.getLogger(CompromiseEventMapper.class);

    /**
     * @return the signals of the recognised events, in token order; empty if none is recognised
     * @throws SetRejected {@code invalid_request} if a recognised event is malformed
     */
    public List<CompromiseSignal> map(SecurityEvent set) {
        List<CompromiseSignal> signals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> event : set.events().entrySet()) {
            Optional<CompromiseEventType> type = CompromiseEventType.fromUri(event.getKey());
            if (type.isEmpty()) {
                LOG.debugf("SET %s from %s: event type %s ignored", set.jti(), set.issuer(), event.getKey());
                continue;
            }
            signals.add(signal(set, type.get(), event.getValue()));
        }
        return signals;
    }

    private static CompromiseSignal signal(SecurityEvent set, CompromiseEventType type, JsonNode payload) {
        String where = "events." + type.uri().substring(type.uri().lastIndexOf('/') + 1);
        SubjectIdentifier subject;
        JsonNode subjectNode = payload.get("subject");
        if (subjectNode != null && !subjectNode.isNull()) {
            subject = SubjectIdentifier.parse(subjectNode, where + ".subject");
        } else if (set.subject() != null) {
            subject = set.subject();
        } else {
            throw SetRejected.invalidRequest("The event " + type.uri() + " names no subject (neither 'subject' nor 'sub_id').");
        }
        String credentialType = null;
        JsonNode credential = payload.get("credential_type");
        if (credential != null && !credential.isNull()) {
            if (!credential.isTextual() || credential.asText().isBlank() || credential.asText().length() > 100) {
                throw SetRejected.invalidRequest(where + ".credential_type must be a short string.");
            }
            credentialType = credential.asText();
        }
        JsonNode timestamp = payload.get("event_timestamp");
        Instant eventTime = timestamp == null || timestamp.isNull()
                ? set.timeOfEvent()
                : SetVerifier.numericDate(timestamp, where + ".event_timestamp");
        return new CompromiseSignal(set.issuer(), set.jti(), type, subject, credentialType,
                LocalizedText.parse(payload.get("reason_admin"), where + ".reason_admin"),
                LocalizedText.parse(payload.get("reason_user"), where + ".reason_user"),
                eventTime, set.txn(), set.issuedAt());
    }
}
