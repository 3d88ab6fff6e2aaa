package com.compromisedcredentials.ssf.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectIdentifierTest {

    private static final String REALM = "https://idp.example.com/realms/acme";

    @Test
    void readsEachFormat() {
        assertEquals(new SubjectIdentifier("email", Map.of("email", "A@Example.com"), List.of()),
                parse("{\"format\":\"email\",\"email\":\"A@Example.com\"}"));
        assertEquals(SubjectIdentifier.issSub(REALM, "u-1"), parse("{\"format\":\"iss_sub\",\"iss\":\"" + REALM + "\",\"sub\":\"u-1\"}"));
        assertEquals(Map.of("id", "x-9"), parse("{\"format\":\"opaque\",\"id\":\"x-9\"}").values());
        assertEquals("+12065550100", parse("{\"format\":\"phone_number\",\"phone_number\":\"+12065550100\"}").value("phone_number"));
        assertEquals("acct:bob@example.com", parse("{\"format\":\"account\",\"uri\":\"acct:bob@example.com\"}").value("uri"));
        assertEquals("did:example:123", parse("{\"format\":\"did\",\"url\":\"did:example:123\"}").value("url"));
    }

    @Test
    void keepsAnUnknownFormatWithItsStringMembers() {
        SubjectIdentifier id = parse("{\"format\":\"x-custom\",\"handle\":\"h\",\"n\":1}");
        assertEquals("x-custom", id.format());
        assertEquals(Map.of("handle", "h"), id.values());
        assertTrue(id.keycloakSubjects(REALM).isEmpty());
    }

    @Test
    void readsAliasesAndComplexSubjects() {
        SubjectIdentifier aliases = parse("""
                {"format":"aliases","identifiers":[{"format":"email","email":"a@example.com"},
                 {"format":"iss_sub","iss":"%s","sub":"u-1"},{"format":"opaque","id":"o"}]}""".formatted(REALM));
        assertEquals("aliases", aliases.format());
        assertEquals(3, aliases.identifiers().size());
        assertEquals(List.of(new Subject(SubjectKind.EMAIL, "a@example.com"), new Subject(SubjectKind.USER_ID, "u-1"),
                new Subject(SubjectKind.USER_ID, "o")), aliases.keycloakSubjects(REALM));

        SubjectIdentifier complex = parse("""
                {"format":"complex","user":{"format":"email","email":"u@example.com"},"tenant":{"format":"opaque","id":"t"}}""");
        assertEquals(SubjectIdentifier.email("u@example.com"), complex);
        assertEquals(SubjectIdentifier.email("u@example.com"), parse("{\"user\":{\"format\":\"email\",\"email\":\"u@example.com\"}}"));
    }

    @Test
    void resolvesToKeycloakSubjects() {
        assertEquals(List.of(new Subject(SubjectKind.EMAIL, "a@example.com")), SubjectIdentifier.email("A@Example.com").keycloakSubjects(REALM));
        assertEquals(List.of(new Subject(SubjectKind.EMAIL, "bob@example.com")),
                parse("{\"format\":\"account\",\"uri\":\"acct:bob@example.com\"}").keycloakSubjects(REALM));
        assertEquals(List.of(), parse("{\"format\":\"account\",\"uri\":\"acct:bob%40x@example.com\"}").keycloakSubjects(REALM));
        assertEquals(List.of(new Subject(SubjectKind.USER_ID, "u-1")), SubjectIdentifier.issSub(REALM, "u-1").keycloakSubjects(REALM));
        assertEquals(List.of(), SubjectIdentifier.issSub("https://other", "u-1").keycloakSubjects(REALM), "a sub of another issuer names no local user");
        assertEquals(List.of(), SubjectIdentifier.issSub(REALM, "u-1").keycloakSubjects(null));
        assertEquals(List.of(new Subject(SubjectKind.USER_ID, "x")), parse("{\"format\":\"opaque\",\"id\":\"x\"}").keycloakSubjects(REALM),
                "an opaque id is the realm's user id");
        assertEquals(List.of(), parse("{\"format\":\"phone_number\",\"phone_number\":\"+12065550100\"}").keycloakSubjects(REALM),
                "a phone number is looked up by attribute, not as a subject");
    }

    @Test
    void phoneNumbersAreLookedUpApart() {
        assertEquals(List.of("+12065550100"), parse("{\"format\":\"phone_number\",\"phone_number\":\"+12065550100\"}").phoneNumbers());
        assertEquals(List.of("+12065550100"), parse("""
                {"format":"aliases","identifiers":[{"format":"email","email":"a@example.com"},
                 {"format":"phone_number","phone_number":"+12065550100"}]}""").phoneNumbers());
        assertEquals(List.of(), SubjectIdentifier.email("a@example.com").phoneNumbers());
    }

    @Test
    void aliasesNamingTheSameAccountTwiceYieldItOnce() {
        SubjectIdentifier aliases = parse("""
                {"format":"aliases","identifiers":[{"format":"email","email":"a@example.com"},{"format":"email","email":"A@example.com"}]}""");
        assertEquals(1, aliases.keycloakSubjects(REALM).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"email\"",
            "{}",
            "{\"format\":\"\"}",
            "{\"format\":7}",
            "{\"format\":\"email\"}",
            "{\"format\":\"email\",\"email\":\"\"}",
            "{\"format\":\"email\",\"email\":\"not-an-email\"}",
            "{\"format\":\"email\",\"email\":7}",
            "{\"format\":\"iss_sub\",\"iss\":\"i\"}",
            "{\"format\":\"opaque\"}",
            "{\"format\":\"phone_number\",\"phone_number\":\"206-555-0100\"}",
            "{\"format\":\"account\",\"uri\":\"mailto:a@b\"}",
            "{\"format\":\"account\",\"uri\":\"acct:\"}",
            "{\"format\":\"aliases\",\"identifiers\":[]}",
            "{\"format\":\"aliases\"}",
            "{\"format\":\"aliases\",\"identifiers\":[{\"format\":\"aliases\",\"identifiers\":[{\"format\":\"opaque\",\"id\":\"x\"}]}]}",
            "{\"format\":\"complex\",\"tenant\":{\"format\":\"opaque\",\"id\":\"t\"}}",
            "{\"format\":\"complex\",\"user\":{\"format\":\"complex\",\"user\":{\"format\":\"opaque\",\"id\":\"x\"}}}",
            "{\"format\":\"opaque\",\"id\":\"a\\u0000b\"}",
    })
    void malformedIdentifiersAreInvalidRequests(String json) {
        SetRejected e = assertThrows(SetRejected.class, () -> parse(json));
        assertEquals(SetError.INVALID_REQUEST, e.error());
        assertTrue(e.description().startsWith("sub_id"), e.description());
    }

    private static SubjectIdentifier parse(String json) {
        try {
            JsonNode node = new ObjectMapper().readTree(json);
            return SubjectIdentifier.parse(node, "sub_id");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
