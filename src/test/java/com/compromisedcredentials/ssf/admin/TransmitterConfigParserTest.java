package com.compromisedcredentials.ssf.admin;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.set.JwksKeySource;
import com.compromisedcredentials.ssf.set.SigningAlgorithm;
import com.compromisedcredentials.ssf.TestTransmitter;
import com.compromisedcredentials.ssf.TransmitterConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;

import com.compromisedcredentials.support.web.RequestRejected;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransmitterConfigParserTest {

    private static final String TOKEN = "0123456789abcdef0123";
    private static final KeyPair RSA = TestTransmitter.rsaKeyPair();
    private static final KeyPair EC = TestTransmitter.ecKeyPair();

    private final TransmitterConfigParser parser = new TransmitterConfigParser();

    @Test
    void readsAPushTransmitterWithDefaults() {
        TransmitterConfig config = parser.parse("""
                {"issuer":"https://tx.example.com","jwksUri":"https://tx.example.com/jwks.json",
                 "audience":"https://idp.example.com/realms/acme","delivery":"push","pushBearerToken":"%s"}""".formatted(TOKEN));
        assertEquals("https://tx.example.com", config.issuer());
        assertEquals(URI.create("https://tx.example.com/jwks.json"), config.jwksUri());
        assertNull(config.jwks());
        assertEquals("https://idp.example.com/realms/acme", config.audience());
        assertEquals(DeliveryMethod.PUSH, config.delivery());
        assertEquals(TOKEN, config.pushBearerToken());
        assertEquals(Duration.ofSeconds(60), config.clockSkew());
        assertEquals(Duration.ofDays(7), config.maxTokenAge());
        assertEquals(Duration.ofDays(7).plusMinutes(2), config.replayWindow());
    }

    @Test
    void readsAPollTransmitterWithAStaticKeySetAndTimings() {
        TransmitterConfig config = parser.parse("""
                {"issuer":"tx","jwks":%s,"audience":"aud","delivery":"poll",
                 "pollEndpoint":"https://tx.example.com/poll","pollBearerToken":"%s",
                 "clockSkewSeconds":5,"maxTokenAgeSeconds":3600}""".formatted(jwks(), TOKEN));
        assertEquals(DeliveryMethod.POLL, config.delivery());
        assertNull(config.jwksUri());
        assertEquals(2, JwksKeySource.ofStatic(config.jwks()).keys(null, SigningAlgorithm.RS256).size()
                + JwksKeySource.ofStatic(config.jwks()).keys(null, SigningAlgorithm.ES256).size());
        assertEquals(URI.create("https://tx.example.com/poll"), config.pollEndpoint());
        assertEquals(TOKEN, config.pollBearerToken());
        assertEquals(Duration.ofSeconds(5), config.clockSkew());
        assertEquals(Duration.ofHours(1), config.maxTokenAge());
    }

    @Test
    void pushWithoutBearerTokenIsAllowed() {
        assertNull(parser.parse("{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}").pushBearerToken());
    }

    @Test
    void plainHttpOnlyToLoopback() {
        for (String url : new String[] {"http://127.0.0.1:8080/j", "http://localhost/j", "http://[::1]:9/j", "http://127.9.9.9/j"}) {
            assertEquals(URI.create(url), parser.parse(push("\"jwksUri\":\"" + url + "\"")).jwksUri(), url);
        }
        for (String url : new String[] {"http://example.com/j", "http://10.0.0.1/j", "http://127.0.0.1.example.com/j", "http://999.0.0.1/j"}) {
            assertInvalid(push("\"jwksUri\":\"" + url + "\""), "https");
        }
    }

    @Test
    void writesWhatItReadsAndHidesTokensWhenAsked() {
        TransmitterConfig config = parser.parse("""
                {"issuer":"tx","jwks":%s,"audience":"aud","delivery":"poll",
                 "pollEndpoint":"https://tx.example.com/poll","pollBearerToken":"%s"}""".formatted(jwks(), TOKEN));
        assertEquals(config, parser.parse(parser.toJsonString(config, true)));
        ObjectNode shown = parser.toJson(config, false);
        assertFalse(shown.has("pollBearerToken"));
        assertFalse(shown.toString().contains(TOKEN));
        assertTrue(shown.has("pollEndpoint"));
        assertEquals(604800, shown.get("maxTokenAgeSeconds").asLong());
    }

    @Test
    void toStringNeverShowsTokens() {
        TransmitterConfig config = parser.parse(push("\"jwksUri\":\"https://x/j\",\"pushBearerToken\":\"" + TOKEN + "\""));
        assertFalse(config.toString().contains(TOKEN), config.toString());
        assertTrue(config.toString().contains("pushBearerToken=(set)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"extra\":1}",
            "{\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\" i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":7,\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"email\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"ftp://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"not a url\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"/relative\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://user:pw@x/j\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j#frag\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"pushBearerToken\":\"short\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"pushBearerToken\":\"has space in the token!!\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"pollEndpoint\":\"https://x/p\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"poll\",\"pollEndpoint\":\"https://x/p\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"poll\",\"pollBearerToken\":\"0123456789abcdef0123\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"poll\",\"pollEndpoint\":\"https://x/p\",\"pollBearerToken\":\"0123456789abcdef0123\",\"pushBearerToken\":\"0123456789abcdef0123\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"clockSkewSeconds\":-1}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"clockSkewSeconds\":601}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"clockSkewSeconds\":1.5}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"clockSkewSeconds\":\"60\"}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"maxTokenAgeSeconds\":59}",
            "{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\",\"maxTokenAgeSeconds\":2592001}",
            "{\"issuer\":\"i\",\"jwks\":\"{}\",\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwks\":{\"keys\":[]},\"audience\":\"a\",\"delivery\":\"push\"}",
            "{\"issuer\":\"i\",\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]},\"audience\":\"a\",\"delivery\":\"push\"}",
    })
    void refusesWithInvalidTransmitter(String body) {
        RequestRejected rejected = assertThrows(RequestRejected.class, () -> parser.parse(body));
        assertEquals("invalid_transmitter", rejected.error());
        assertEquals(400, rejected.status());
    }

    @Test
    void bothKeySourcesAreRefused() {
        assertInvalid("{\"issuer\":\"i\",\"jwksUri\":\"https://x/j\",\"jwks\":" + jwks() + ",\"audience\":\"a\",\"delivery\":\"push\"}",
                "exactly one of 'jwksUri'");
    }

    @Test
    void privateKeyMaterialInAStaticKeySetIsRefused() {
        ObjectNode jwk = TestTransmitter.publicJwk("k", EC);
        jwk.put("d", "AAAA");
        assertInvalid("{\"issuer\":\"i\",\"jwks\":{\"keys\":[" + jwk + "]},\"audience\":\"a\",\"delivery\":\"push\"}",
                "private or symmetric key material");
    }

    @Test
    void unknownFieldIsNamed() {
        assertInvalid("{\"issuer\":\"i\",\"jwksURI\":\"https://x/j\",\"audience\":\"a\",\"delivery\":\"push\"}", "Unknown field 'jwksURI'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"issuer\":\"i\"} trailing", "{\"issuer\":\"i\",\"issuer\":\"j\"}", "nope"})
    void notAJsonObject(String body) {
        assertEquals("invalid_json", assertThrows(RequestRejected.class, () -> parser.parse(body)).error());
    }

    private void assertInvalid(String body, String descriptionPart) {
        RequestRejected rejected = assertThrows(RequestRejected.class, () -> parser.parse(body));
        assertEquals("invalid_transmitter", rejected.error());
        assertTrue(rejected.getMessage().contains(descriptionPart), rejected.getMessage());
    }

    private static String push(String keySource) {
        return "{\"issuer\":\"i\"," + keySource + ",\"audience\":\"a\",\"delivery\":\"push\"}";
    }

    private static String jwks() {
        return "{\"keys\":[" + TestTransmitter.publicJwk("r", RSA) + "," + TestTransmitter.publicJwk("e", EC) + "]}";
    }
}
