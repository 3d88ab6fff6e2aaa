package com.compromisedcredentials.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.support.web.RequestRejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalRequestParserTest {

    private final SignalRequestParser parser = new SignalRequestParser();

    @Test
    void parsesAFullRequestAndNormalizesSubjects() {
        SignalRequest request = parse("""
                {"source":" feed-1 ","reason":"credential-leak","userMessage":"Seen in the ExampleShop breach, e.g. on 2 Nov.",
                 "evidence":"ticket-42","idempotencyKey":"k1","dryRun":true,
                 "subjects":[{"email":"Alice@Example.COM"},{"username":"Bob"},{"userId":"AbC-1"}]}""");
        assertEquals("feed-1", request.source());
        assertEquals(ReasonCategory.CREDENTIAL_LEAK, request.reason());
        assertEquals("Seen in the ExampleShop breach, e.g. on 2 Nov.", request.userMessage());
        assertEquals("ticket-42", request.evidence());
        assertEquals("k1", request.idempotencyKey());
        assertTrue(request.dryRun());
        assertEquals(List.of(new Subject(SubjectKind.EMAIL, "alice@example.com"), new Subject(SubjectKind.USERNAME, "bob"),
                new Subject(SubjectKind.USER_ID, "AbC-1")), request.subjects());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Line one\\nline two", "Line one\\r\\nline two", "One\\u2028two",
            "Reset it at https://evil.example/reset now", "Go to HTTP://EVIL.EXAMPLE", "Write to mailto:help@evil.example",
            "Visit www.evil.example", "Visit evil-example.com/reset", "Log in at secure.example.org.", "See evil.example"})
    void aUserMessageWithALineBreakOrALinkIsRefusedNamingTheField(String message) {
        String body = "{\"source\":\"s\",\"reason\":\"phishing\",\"userMessage\":\"" + message + "\",\"subjects\":[{\"username\":\"u\"}]}";
        RequestRejected e = assertThrows(RequestRejected.class, () -> parse(body));
        assertEquals(400, e.status());
        assertEquals("invalid_request", e.error());
        assertTrue(e.getMessage().contains("'userMessage'"), e.getMessage());
        RequestRejected manual = assertThrows(RequestRejected.class, () -> parser.parseManualFlag(
                ("{\"userMessage\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8), "id-1"));
        assertEquals("invalid_request", manual.error());
    }

    @Test
    void optionalFieldsDefault() {
        SignalRequest request = parse("{\"source\":\"s\",\"reason\":\"admin\",\"subjects\":[{\"username\":\"u\"}]}");
        assertNull(request.userMessage());
        assertNull(request.idempotencyKey());
        assertFalse(request.dryRun());
    }

    @Test
    void everyReasonCategoryIsAccepted() {
        for (ReasonCategory reason : ReasonCategory.values()) {
            assertEquals(reason, parse("{\"source\":\"s\",\"reason\":\"" + reason.wireName() + "\",\"subjects\":[{\"username\":\"u\"}]}").reason());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"u\"}],\"dryRun\":\"yes\"}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"u\"}],\"extra\":1}",
            "{\"source\":\"\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"u\"}]}",
            "{\"source\":42,\"reason\":\"phishing\",\"subjects\":[{\"username\":\"u\"}]}",
            "{\"source\":\"a\\u0000b\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"u\"}]}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":{\"username\":\"u\"}}",
    })
    void invalidRequests(String body) {
        assertEquals("invalid_request", assertThrows(RequestRejected.class, () -> parse(body)).error());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[\"u\"]}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{}]}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"  \"}]}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":7}]}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"email\":\"a@b@c\"}]}",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"email\":\"@b\"}]}",
    })
    void invalidSubjects(String body) {
        assertEquals("invalid_subject", assertThrows(RequestRejected.class, () -> parse(body)).error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "\"text\"", "{\"a\":1} {\"b\":2}", "{\"source\":\"a\",\"source\":\"b\"}"})
    void invalidJson(String body) {
        assertEquals("invalid_json", assertThrows(RequestRejected.class, () -> parse(body)).error());
    }

    @Test
    void unknownReasonNamesTheKnownOnes() {
        RequestRejected e = assertThrows(RequestRejected.class,
                () -> parse("{\"source\":\"s\",\"reason\":\"hacked\",\"subjects\":[{\"username\":\"u\"}]}"));
        assertEquals("unknown_reason", e.error());
        assertTrue(e.getMessage().contains("credential-leak"), e.getMessage());
    }

    @Test
    void limits() {
        StringBuilder many = new StringBuilder("{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[");
        for (int i = 0; i <= SignalRequestParser.MAX_SUBJECTS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"username\":\"u").append(i).append("\"}");
        }
        assertEquals("too_many_subjects", assertThrows(RequestRejected.class, () -> parse(many + "]}")).error());
        byte[] huge = new byte[SignalRequestParser.MAX_BODY_BYTES + 1];
        assertEquals("request_too_large", assertThrows(RequestRejected.class, () -> parser.parse(huge)).error());
        assertEquals(413, assertThrows(RequestRejected.class, () -> parser.parse(huge)).status());
    }

    private SignalRequest parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
