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

    // ---- leaked passwords carried by subjects

    private static final String SHA1_OF_PASSWORD = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8";
    private static final byte[] KEY = new byte[32];

    @Test
    void subjectsMayCarryTheLeakedPasswordEitherWayAndItIsHashedAtOnce() {
        SignalRequest request = parse("""
                {"source":"feed","reason":"credential-leak","subjects":[
                 {"email":"Alice@Example.com","password":"password"},
                 {"username":"bob","passwordSha1":"%s"},
                 {"username":"carol"}]}""".formatted(SHA1_OF_PASSWORD.toLowerCase()));
        assertEquals(3, request.subjects().size());
        assertEquals(2, request.leaked().size());
        String expected = com.compromisedcredentials.flag.LeakedPassword.ofPlaintext("password").keyedHash(KEY);
        assertEquals(expected, request.leaked().get(new Subject(SubjectKind.EMAIL, "alice@example.com")).keyedHash(KEY));
        assertEquals(expected, request.leaked().get(new Subject(SubjectKind.USERNAME, "bob")).keyedHash(KEY));
        assertNull(request.leaked().get(new Subject(SubjectKind.USERNAME, "carol")));
        assertFalse(request.toString().contains("password\""), request.toString());
        assertFalse(request.toString().toUpperCase().contains(SHA1_OF_PASSWORD), request.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"username\":\"u\",\"password\":\"s3cret-Leak\",\"passwordSha1\":\"" + SHA1_OF_PASSWORD + "\"}",
            "{\"username\":\"u\",\"passwordSha1\":\"s3cret-Leak\"}",
            "{\"username\":\"u\",\"passwordSha1\":\"" + SHA1_OF_PASSWORD + "00\"}",
            "{\"username\":\"u\",\"passwordSha1\":42}",
            "{\"username\":\"u\",\"password\":\"\"}",
            "{\"username\":\"u\",\"password\":true}",
            "{\"password\":\"s3cret-Leak\"}",
            "{\"username\":\"u\",\"email\":\"u@example.com\",\"password\":\"s3cret-Leak\"}"})
    void badPasswordMaterialIsRefusedWithoutEchoingIt(String subject) {
        RequestRejected e = assertThrows(RequestRejected.class,
                () -> parse("{\"source\":\"s\",\"reason\":\"credential-leak\",\"subjects\":[" + subject + "]}"));
        assertEquals(400, e.status());
        assertEquals("invalid_subject", e.error());
        assertTrue(e.getMessage().contains("subjects[0]"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-Leak"), e.getMessage());
    }

    @Test
    void aTooLongPlaintextIsRefused() {
        String longPassword = "x".repeat(SignalRequestParser.MAX_PASSWORD + 1);
        RequestRejected e = assertThrows(RequestRejected.class, () -> parse(
                "{\"source\":\"s\",\"reason\":\"credential-leak\",\"subjects\":[{\"username\":\"u\",\"password\":\"" + longPassword + "\"}]}"));
        assertEquals("invalid_subject", e.error());
        assertFalse(e.getMessage().contains(longPassword));
    }

    @Test
    void aManualFlagTakesNoPassword() {
        RequestRejected e = assertThrows(RequestRejected.class, () -> parser.parseManualFlag(
                "{\"password\":\"s3cret-Leak\"}".getBytes(StandardCharsets.UTF_8), "id-1"));
        assertEquals("invalid_request", e.error());
    }
}
