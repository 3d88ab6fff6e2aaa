package com.compromisedcredentials.ssf.set;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.MutableClock;
import com.compromisedcredentials.ssf.TestTransmitter;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.admin.TransmitterConfigParser;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.OutboundAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SetVerifierTest {

    private static final String AUD = "https://idp.example.com/realms/acme";
    private static final String EMAIL = "alice@example.com";

    private static TestTransmitter tx;
    private static TransmitterConfig config;
    private static MutableClock clock;
    private static SetVerifier verifier;

    @BeforeAll
    static void start() throws Exception {
        tx = TestTransmitter.start("https://transmitter.example.com");
        config = new TransmitterConfigParser().parse("""
                {"issuer":"https://transmitter.example.com","jwks":%s,"audience":"%s","delivery":"push",
                 "clockSkewSeconds":60,"maxTokenAgeSeconds":3600}""".formatted(tx.jwksJson(), AUD));
        clock = MutableClock.now();
        verifier = new SetVerifier(config, JwksKeySource.ofStatic(config.jwks()), clock);
    }

    @AfterAll
    static void stop() {
        tx.close();
    }

    @Test
    void acceptsAValidRs256Set() {
        TestTransmitter.SetBuilder builder = tx.set().audience(AUD).credentialCompromise(EMAIL).claim("txn", "t-1")
                .claim("toe", 1_700_000_000L).issuedAt(clock.instant());
        SecurityEvent event = verifier.verify(builder.sign());
        assertEquals(builder.jti(), event.jti());
        assertEquals("https://transmitter.example.com", event.issuer());
        assertEquals(List.of(AUD), event.audience());
        assertEquals(clock.instant().getEpochSecond(), event.issuedAt().getEpochSecond());
        assertEquals("t-1", event.txn());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), event.timeOfEvent());
        assertNull(event.subject());
        assertEquals(List.of(TestTransmitter.CREDENTIAL_COMPROMISE), List.copyOf(event.events().keySet()));
        assertEquals(EMAIL, event.events().get(TestTransmitter.CREDENTIAL_COMPROMISE).path("subject").path("email").asText());
    }

    @Test
    void acceptsAValidEs256Set() {
        assertDoesNotThrow(() -> verifier.verify(tx.set().es256().audience(AUD).credentialCompromise(EMAIL).sign()));
    }

    @Test
    void acceptsAnAudienceArrayThatContainsOurs() {
        assertEquals(List.of("other", AUD), verifier.verify(tx.set().audience("other", AUD).credentialCompromise(EMAIL).sign()).audience());
    }

    @Test
    void typMayBeAbsentOrTheFullMediaTypeButNothingElse() {
        assertDoesNotThrow(() -> verifier.verify(tx.set().audience(AUD).credentialCompromise(EMAIL).typ(null).sign()));
        assertDoesNotThrow(() -> verifier.verify(tx.set().audience(AUD).credentialCompromise(EMAIL).typ("application/secevent+jwt").sign()));
        assertDoesNotThrow(() -> verifier.verify(tx.set().audience(AUD).credentialCompromise(EMAIL).typ("SecEvent+JWT").sign()));
        assertRejected(SetError.INVALID_REQUEST, "'typ'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).typ("JWT").sign());
        assertRejected(SetError.INVALID_REQUEST, "'typ'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).typ("at+jwt").sign());
    }

    @Test
    void aSetWithoutKidIsCheckedAgainstEveryKeyOfTheAlgorithmsType() {
        assertDoesNotThrow(() -> verifier.verify(tx.set().audience(AUD).credentialCompromise(EMAIL).kid(null).sign()));
        assertDoesNotThrow(() -> verifier.verify(tx.set().es256().audience(AUD).credentialCompromise(EMAIL).kid(null).sign()));
    }

    @Test
    void trailingWhitespaceOfAPushBodyIsIgnored() {
        assertDoesNotThrow(() -> verifier.verify(tx.validSet(AUD, EMAIL) + "\r\n"));
    }

    // ---- header and signature

    @Test
    void algNoneIsRefused() {
        assertRejected(SetError.INVALID_REQUEST, "alg 'none'", () -> tx.algNoneSet(AUD, EMAIL));
        assertRejected(SetError.INVALID_REQUEST, "alg 'none'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).header("alg", "None").sign());
    }

    @Test
    void otherAlgorithmsAreRefused() {
        for (String alg : new String[] {"HS256", "RS512", "PS256", "ES384", "rs256", "EdDSA"}) {
            assertRejected(SetError.INVALID_REQUEST, "RS256 or ES256", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).header("alg", alg).sign());
        }
        assertRejected(SetError.INVALID_REQUEST, "no 'alg'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).header("alg", null).sign());
    }

    @Test
    void aBadSignatureIsAnInvalidKey() {
        assertRejected(SetError.INVALID_KEY, "does not verify", () -> tx.badSignatureSet(AUD, EMAIL));
        assertRejected(SetError.INVALID_KEY, "does not verify", () -> tx.set().es256().audience(AUD).credentialCompromise(EMAIL).signWithForeignKey());
        assertRejected(SetError.INVALID_KEY, "does not verify", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).tampered());
        assertRejected(SetError.INVALID_KEY, "does not verify", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).kid(null).signWithForeignKey());
    }

    @Test
    void anUnknownKidIsAnInvalidKey() {
        assertRejected(SetError.INVALID_KEY, "no RS256 key", () -> tx.unknownKidSet(AUD, EMAIL));
    }

    @Test
    void aKidOfAKeyOfTheOtherTypeIsAnInvalidKey() {
        assertRejected(SetError.INVALID_KEY, "no RS256 key", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).kid(TestTransmitter.EC_KID).sign());
    }

    @Test
    void anEs256SignatureMustBeRawRAndS() {
        String set = tx.set().es256().audience(AUD).credentialCompromise(EMAIL).sign();
        String[] parts = set.split("\\.");
        byte[] raw = Base64.getUrlDecoder().decode(parts[2]);
        byte[] longer = java.util.Arrays.copyOf(raw, 72);
        assertRejected(SetError.INVALID_KEY, "64 bytes", () -> parts[0] + "." + parts[1] + "." + Base64Url.encode(longer));
    }

    @Test
    void critHeadersAreRefused() {
        assertRejected(SetError.INVALID_REQUEST, "'crit'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL)
                .header("crit", List.of("exp")).sign());
    }

    @Test
    void malformedTokensAreInvalidRequests() {
        String valid = tx.validSet(AUD, EMAIL);
        String[] parts = valid.split("\\.");
        assertRejected(SetError.INVALID_REQUEST, "holds no SET", () -> "");
        assertRejected(SetError.INVALID_REQUEST, "holds no SET", () -> null);
        assertRejected(SetError.INVALID_REQUEST, "compact JWS", () -> "abc");
        assertRejected(SetError.INVALID_REQUEST, "compact JWS", () -> parts[0] + "." + parts[1]);
        assertRejected(SetError.INVALID_REQUEST, "JWE", () -> "a.b.c.d.e");
        assertRejected(SetError.INVALID_REQUEST, "header is not base64url", () -> "@@." + parts[1] + "." + parts[2]);
        assertRejected(SetError.INVALID_REQUEST, "header is not valid JSON", () -> Base64Url.encode("{nope".getBytes()) + "." + parts[1] + "." + parts[2]);
        assertRejected(SetError.INVALID_REQUEST, "not a JSON object", () -> Base64Url.encode("[1]".getBytes()) + "." + parts[1] + "." + parts[2]);
        assertRejected(SetError.INVALID_REQUEST, "signature is missing", () -> parts[0] + "." + parts[1] + ".");
        assertRejected(SetError.INVALID_REQUEST, "longer than", () -> "a".repeat(SetVerifier.MAX_SET_LENGTH + 1));
        assertRejected(SetError.INVALID_REQUEST, "header is not base64url", () -> parts[0] + "=." + parts[1] + "." + parts[2]);
    }

    @Test
    void aSignedPayloadThatRepeatsAClaimIsRefused() {
        String header = TestTransmitter.encode(Map.of("alg", "RS256", "kid", TestTransmitter.RSA_KID));
        String payload = Base64Url.encode(("{\"iss\":\"https://transmitter.example.com\",\"aud\":\"" + AUD + "\",\"iat\":"
                + clock.instant().getEpochSecond() + ",\"jti\":\"j\",\"events\":{\"x\":{}},\"iss\":\"https://evil\"}").getBytes());
        String input = header + "." + payload;
        String set = input + "." + Base64Url.encode(TestTransmitter.signature(input, rsaOf(tx), "RS256"));
        assertRejected(SetError.INVALID_REQUEST, "repeats a member", () -> set);
    }

    // ---- claims

    @Test
    void wrongIssuerIsInvalidIssuer() {
        assertRejected(SetError.INVALID_ISSUER, "'iss'", () -> tx.wrongIssuerSet(AUD, EMAIL));
        assertRejected(SetError.INVALID_REQUEST, "no 'iss'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).issuer(null).sign());
    }

    @Test
    void wrongOrMissingAudienceIsInvalidAudience() {
        assertRejected(SetError.INVALID_AUDIENCE, "'aud'", () -> tx.wrongAudienceSet(EMAIL));
        assertRejected(SetError.INVALID_AUDIENCE, "'aud'", () -> tx.set().credentialCompromise(EMAIL).claim("aud", null).sign());
        assertRejected(SetError.INVALID_AUDIENCE, "'aud'", () -> tx.set().credentialCompromise(EMAIL).claim("aud", List.of()).sign());
        assertRejected(SetError.INVALID_REQUEST, "'aud' must be", () -> tx.set().credentialCompromise(EMAIL).claim("aud", 42).sign());
        assertRejected(SetError.INVALID_REQUEST, "'aud' must be", () -> tx.set().credentialCompromise(EMAIL).claim("aud", List.of(AUD, 1)).sign());
    }

    @Test
    void iatWithinTheSkewIsAcceptedBeyondItRefused() {
        assertDoesNotThrow(() -> verifier.verify(at(clock.instant().plusSeconds(59))));
        assertRejected(SetError.INVALID_REQUEST, "in the future", () -> at(clock.instant().plusSeconds(61)));
        assertDoesNotThrow(() -> verifier.verify(at(clock.instant().minus(Duration.ofHours(1)).minusSeconds(59))));
        assertRejected(SetError.INVALID_REQUEST, "issued more than 3600 seconds ago", () -> at(clock.instant().minus(Duration.ofHours(1)).minusSeconds(61)));
        assertRejected(SetError.INVALID_REQUEST, "issued more than", () -> tx.expiredSet(AUD, EMAIL));
    }

    @Test
    void iatMustBeANumber() {
        assertRejected(SetError.INVALID_REQUEST, "no 'iat'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).claim("iat", null).sign());
        assertRejected(SetError.INVALID_REQUEST, "'iat' must be a number", () -> tx.set().audience(AUD).credentialCompromise(EMAIL)
                .claim("iat", String.valueOf(clock.instant().getEpochSecond())).sign());
        assertRejected(SetError.INVALID_REQUEST, "out of range", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).claim("iat", -5).sign());
        SecurityEvent fractional = verifier.verify(tx.set().audience(AUD).credentialCompromise(EMAIL)
                .claim("iat", clock.instant().getEpochSecond() + 0.5).sign());
        assertEquals(500_000_000, fractional.issuedAt().getNano());
    }

    @Test
    void expAndNbfAreHonouredWhenPresent() {
        long now = clock.instant().getEpochSecond();
        assertDoesNotThrow(() -> verifier.verify(tx.set().audience(AUD).credentialCompromise(EMAIL).claim("exp", now + 10).claim("nbf", now + 30).sign()));
        assertRejected(SetError.INVALID_REQUEST, "expired", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).claim("exp", now - 61).sign());
        assertRejected(SetError.INVALID_REQUEST, "not valid yet", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).claim("nbf", now + 61).sign());
    }

    @Test
    void jtiIsRequired() {
        assertRejected(SetError.INVALID_REQUEST, "no 'jti'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).jti(null).sign());
        assertRejected(SetError.INVALID_REQUEST, "no 'jti'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).jti(" ").sign());
        assertRejected(SetError.INVALID_REQUEST, "no 'jti'", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).claim("jti", 7).sign());
        assertRejected(SetError.INVALID_REQUEST, "'jti' is longer", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).jti("j".repeat(257)).sign());
    }

    @Test
    void eventsMustBeANonEmptyObjectOfObjects() {
        assertRejected(SetError.INVALID_REQUEST, "'events'", () -> tx.set().audience(AUD).sign());
        assertRejected(SetError.INVALID_REQUEST, "'events'", () -> tx.set().audience(AUD).claim("events", null).sign());
        assertRejected(SetError.INVALID_REQUEST, "'events'", () -> tx.set().audience(AUD).claim("events", List.of()).sign());
        assertRejected(SetError.INVALID_REQUEST, "must be a JSON object", () -> tx.set().audience(AUD).claim("events", Map.of("x", "y")).sign());
    }

    @Test
    void subIdIsParsedAndMustBeWellFormed() {
        SecurityEvent event = verifier.verify(tx.set().audience(AUD).event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of())
                .subId(Map.of("format", "iss_sub", "iss", "https://idp", "sub", "u-1")).sign());
        assertEquals(SubjectIdentifier.issSub("https://idp", "u-1"), event.subject());
        assertRejected(SetError.INVALID_REQUEST, "sub_id", () -> tx.set().audience(AUD).event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of())
                .subId(Map.of("format", "email")).sign());
        assertRejected(SetError.INVALID_REQUEST, "'txn' must be a string", () -> tx.set().audience(AUD).credentialCompromise(EMAIL).claim("txn", 5).sign());
    }

    @Test
    void aPolledSetMustCarryTheJtiItWasDeliveredUnder() {
        TestTransmitter.SetBuilder builder = tx.set().audience(AUD).credentialCompromise(EMAIL);
        String set = builder.sign();
        assertEquals(builder.jti(), verifier.verify(set, builder.jti()).jti());
        SetRejected e = assertThrows(SetRejected.class, () -> verifier.verify(set, "another"));
        assertEquals(SetError.INVALID_REQUEST, e.error());
    }

    @Test
    void theUnverifiedIssuerIsReadableForRouting() {
        assertEquals(Optional.of("https://impostor.example.com"), SetVerifier.unverifiedIssuer(tx.wrongIssuerSet(AUD, EMAIL)));
        assertEquals(Optional.empty(), SetVerifier.unverifiedIssuer("garbage"));
        assertEquals(Optional.empty(), SetVerifier.unverifiedIssuer(null));
    }

    @Test
    void rejectionsCarryTheirHttpStatusAndBody() {
        SetRejected e = assertThrows(SetRejected.class, () -> verifier.verify(tx.wrongAudienceSet(EMAIL)));
        assertEquals(400, e.httpStatus());
        assertEquals("invalid_audience", e.code());
        assertEquals(Map.of("err", "invalid_audience", "description", e.description()), e.body());
        assertEquals(401, SetError.AUTHENTICATION_FAILED.httpStatus());
        assertEquals(403, SetError.ACCESS_DENIED.httpStatus());
    }

    // ---- keys fetched from the transmitter

    @Test
    void verifiesWithFetchedKeysAndPicksUpARotatedKey() throws Exception {
        try (TestTransmitter remote = TestTransmitter.start()) {
            TransmitterConfig pushed = new TransmitterConfigParser().parse(remote.configJson("push", AUD));
            MutableClock remoteClock = MutableClock.now();
            JwksKeySource keys = JwksKeySource.remote(pushed.jwksUri(), BoundedHttp.newClient(Duration.ofSeconds(5), OutboundAddresses.allowing("127.0.0.1")),
                    JwksKeySource.Settings.DEFAULTS, remoteClock);
            SetVerifier remoteVerifier = new SetVerifier(pushed, keys, remoteClock);
            assertDoesNotThrow(() -> remoteVerifier.verify(remote.validSet(AUD, EMAIL)));
            assertDoesNotThrow(() -> remoteVerifier.verify(remote.set().es256().audience(AUD).credentialCompromise(EMAIL).sign()));
            assertEquals(1, remote.jwksFetches());

            remoteClock.advance(Duration.ofSeconds(31));
            var rotated = remote.addRsaKey("rsa-2");
            assertDoesNotThrow(() -> remoteVerifier.verify(remote.set().rs256("rsa-2", rotated).audience(AUD).credentialCompromise(EMAIL).sign()));
            assertEquals(2, remote.jwksFetches());
        }
    }

    @Test
    void unavailableKeysAreNotARejection() {
        TransmitterConfig unreachable = new TransmitterConfig(config.issuer(), URI.create("http://127.0.0.1:9/jwks"), null, AUD,
                DeliveryMethod.PUSH, null, null, null, null, null);
        SetVerifier v = new SetVerifier(unreachable, JwksKeySource.forTransmitter(unreachable, BoundedHttp.newClient(Duration.ofSeconds(5), OutboundAddresses.allowing("127.0.0.1")), JwksKeySource.Settings.DEFAULTS));
        assertThrows(KeysUnavailable.class, () -> v.verify(tx.validSet(AUD, EMAIL)));
    }

    private static String at(Instant iat) {
        return tx.set().audience(AUD).credentialCompromise(EMAIL).issuedAt(iat).sign();
    }

    private static java.security.KeyPair rsaOf(TestTransmitter transmitter) {
        return transmitter.rsaSigningKeys();
    }

    private static void assertRejected(SetError error, String descriptionPart, Supplier<String> set) {
        String token = set.get();
        SetRejected e = assertThrows(SetRejected.class, () -> verifier.verify(token));
        assertEquals(error, e.error(), e.description());
        assertTrue(e.description().contains(descriptionPart), "description: " + e.description());
    }
}
