package com.compromisedcredentials.ssf.set;

import com.compromisedcredentials.ssf.TestTransmitter;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.admin.TransmitterConfigParser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompromiseEventMapperTest {

    private static final String AUD = "https://idp.example.com/realms/acme";
    private static final Instant IAT = Instant.parse("2026-11-20T10:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestTransmitter tx;
    private static SetVerifier verifier;
    private final CompromiseEventMapper mapper = new CompromiseEventMapper();

    @BeforeAll
    static void start() throws Exception {
        tx = TestTransmitter.start();
        TransmitterConfig config = new TransmitterConfigParser().parse("""
                {"issuer":"%s","jwks":%s,"audience":"%s","delivery":"push"}""".formatted(tx.issuer(), tx.jwksJson(), AUD));
        verifier = new SetVerifier(config, JwksKeySource.ofStatic(config.jwks()));
    }

    @AfterAll
    static void stop() {
        tx.close();
    }

    @Test
    void aVerifiedRiscCredentialCompromiseBecomesASignal() {
        TestTransmitter.SetBuilder builder = tx.set().audience(AUD).claim("txn", "t-7").event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of(
                "subject", Map.of("format", "email", "email", "Alice@Example.com"),
                "credential_type", "password",
                "event_timestamp", 1_763_000_000L,
                "reason_admin", Map.of("de", "Im Leak gefunden", "en", "Found in the 2026 breach corpus"),
                "reason_user", "Your password appeared in a data breach."));
        List<CompromiseSignal> signals = mapper.map(verifier.verify(builder.sign()));
        assertEquals(1, signals.size());
        CompromiseSignal signal = signals.get(0);
        assertEquals(tx.issuer(), signal.issuer());
        assertEquals(builder.jti(), signal.jti());
        assertEquals(CompromiseEventType.CREDENTIAL_COMPROMISE, signal.type());
        assertEquals(ReasonCategory.CREDENTIAL_LEAK, signal.reason());
        assertEquals(SubjectIdentifier.email("Alice@Example.com"), signal.subject());
        assertEquals(List.of(new Subject(SubjectKind.EMAIL, "alice@example.com")), signal.subject().keycloakSubjects(AUD));
        assertEquals("password", signal.credentialType());
        assertTrue(signal.concernsPassword());
        assertEquals(Instant.ofEpochSecond(1_763_000_000L), signal.eventTime());
        assertEquals(signal.eventTime(), signal.occurredAt());
        assertEquals("Found in the 2026 breach corpus", signal.reasonAdmin().text());
        assertEquals("Im Leak gefunden", signal.reasonAdmin().forLanguage("de-AT"));
        assertEquals("Your password appeared in a data breach.", signal.reasonUser().text());
        assertEquals("t-7", signal.txn());
    }

    @Test
    void theSubjectMayComeFromSubId() {
        SecurityEvent set = set(Map.of(TestTransmitter.CREDENTIAL_CHANGE_REQUIRED, "{}"), SubjectIdentifier.issSub(AUD, "u-1"), null);
        CompromiseSignal signal = mapper.map(set).get(0);
        assertEquals(CompromiseEventType.ACCOUNT_CREDENTIAL_CHANGE_REQUIRED, signal.type());
        assertEquals(ReasonCategory.SUSPICIOUS_ACTIVITY, signal.reason());
        assertEquals(SubjectIdentifier.issSub(AUD, "u-1"), signal.subject());
        assertNull(signal.credentialType());
        assertTrue(signal.concernsPassword(), "an unnamed credential may be the password");
        assertNull(signal.reasonAdmin());
        assertNull(signal.eventTime());
        assertEquals(IAT, signal.occurredAt());
    }

    @Test
    void theEventsSubjectWinsOverSubIdAndToeIsTheFallbackTime() {
        Instant toe = Instant.parse("2026-11-19T08:00:00Z");
        SecurityEvent set = set(Map.of(TestTransmitter.CREDENTIAL_COMPROMISE,
                        "{\"subject\":{\"format\":\"email\",\"email\":\"e@example.com\"},\"credential_type\":\"fido2-roaming\"}"),
                SubjectIdentifier.issSub(AUD, "u-1"), toe);
        CompromiseSignal signal = mapper.map(set).get(0);
        assertEquals(SubjectIdentifier.email("e@example.com"), signal.subject());
        assertEquals(toe, signal.eventTime());
        assertFalse(signal.concernsPassword(), "a new password does not fix a compromised security key");
    }

    @Test
    void otherEventsAreIgnoredButRecognisedOnesInTheSameSetAreKept() {
        Map<String, String> events = new LinkedHashMap<>();
        events.put(TestTransmitter.SESSION_REVOKED, "{\"subject\":{\"format\":\"opaque\",\"id\":\"s\"}}");
        events.put("https://schemas.openid.net/secevent/ssf/event-type/verification", "{\"state\":\"x\"}");
        events.put(TestTransmitter.CREDENTIAL_COMPROMISE, "{\"subject\":{\"format\":\"email\",\"email\":\"a@example.com\"}}");
        events.put(TestTransmitter.CREDENTIAL_CHANGE_REQUIRED, "{\"subject\":{\"format\":\"email\",\"email\":\"b@example.com\"}}");
        List<CompromiseSignal> signals = mapper.map(set(events, null, null));
        assertEquals(List.of(CompromiseEventType.CREDENTIAL_COMPROMISE, CompromiseEventType.ACCOUNT_CREDENTIAL_CHANGE_REQUIRED),
                signals.stream().map(CompromiseSignal::type).toList());
        assertTrue(mapper.map(set(Map.of(TestTransmitter.SESSION_REVOKED, "{}"), null, null)).isEmpty(),
                "an ignored event without subject is not an error");
    }

    @Test
    void malformedRecognisedEventsAreInvalidRequests() {
        String compromise = TestTransmitter.CREDENTIAL_COMPROMISE;
        String email = "\"subject\":{\"format\":\"email\",\"email\":\"a@example.com\"}";
        for (String payload : new String[] {
                "{}",
                "{\"subject\":{\"format\":\"email\"}}",
                "{\"subject\":\"a@example.com\"}",
                "{" + email + ",\"credential_type\":7}",
                "{" + email + ",\"credential_type\":\"\"}",
                "{" + email + ",\"event_timestamp\":\"yesterday\"}",
                "{" + email + ",\"reason_admin\":7}",
                "{" + email + ",\"reason_user\":{\"en\":7}}",
        }) {
            SetRejected e = assertThrows(SetRejected.class, () -> mapper.map(set(Map.of(compromise, payload), null, null)), payload);
            assertEquals(SetError.INVALID_REQUEST, e.error(), payload);
        }
    }

    private static SecurityEvent set(Map<String, String> events, SubjectIdentifier subId, Instant toe) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        events.forEach((type, json) -> {
            try {
                nodes.put(type, MAPPER.readTree(json));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        });
        return new SecurityEvent("jti-1", "https://tx", List.of(AUD), IAT, null, toe, subId, nodes);
    }
}
