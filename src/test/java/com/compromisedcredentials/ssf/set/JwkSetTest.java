package com.compromisedcredentials.ssf.set;

import com.compromisedcredentials.ssf.TestTransmitter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JwkSetTest {

    private static final KeyPair RSA = TestTransmitter.rsaKeyPair();
    private static final KeyPair EC = TestTransmitter.ecKeyPair();

    @Test
    void readsRsaAndEcKeysThatEqualTheOriginals() throws Exception {
        JwkSet set = JwkSet.parse(keys(TestTransmitter.publicJwk("r", RSA), TestTransmitter.publicJwk("e", EC)), true);
        assertEquals(2, set.keys().size());
        RSAPublicKey rsa = (RSAPublicKey) set.candidates("r", SigningAlgorithm.RS256).get(0);
        assertEquals(((RSAPublicKey) RSA.getPublic()).getModulus(), rsa.getModulus());
        ECPublicKey ec = (ECPublicKey) set.candidates("e", SigningAlgorithm.ES256).get(0);
        assertEquals(((ECPublicKey) EC.getPublic()).getW(), ec.getW());
        assertTrue(set.candidates("r", SigningAlgorithm.ES256).isEmpty(), "a kid's key is only for its own algorithm");
        assertEquals(1, set.candidates(null, SigningAlgorithm.ES256).size());
        assertTrue(set.containsKid("e"));
        assertFalse(set.containsKid("x"));
    }

    @Test
    void lenientModeSkipsWhatItCannotUseAndSaysWhy() throws Exception {
        ObjectNode small = rsaJwk("small", BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE));
        ObjectNode p384 = TestTransmitter.publicJwk("p384", EC).put("crv", "P-384");
        ObjectNode okp = om().put("kty", "OKP").put("crv", "Ed25519").put("x", "AAAA");
        ObjectNode enc = TestTransmitter.publicJwk("enc", RSA).put("use", "enc");
        ObjectNode ps256 = TestTransmitter.publicJwk("ps", RSA).put("alg", "PS256");
        ObjectNode withPrivate = TestTransmitter.publicJwk("priv", EC).put("d", "AAAA");
        ObjectNode good = TestTransmitter.publicJwk("good", EC);
        JwkSet set = JwkSet.parse(keys(small, p384, okp, enc, ps256, withPrivate, good), false);
        assertEquals(1, set.keys().size());
        assertEquals("good", set.keys().get(0).kid());
        assertEquals(2, set.skipped().size(), set.skipped().toString());
    }

    @Test
    void strictModeRefusesBadKeys() {
        assertStrictRefuses(rsaJwk("small", BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE)), "at least 2048");
        assertStrictRefuses(TestTransmitter.publicJwk("p384", EC).put("crv", "P-384"), "only P-256");
        assertStrictRefuses(TestTransmitter.publicJwk("r", RSA).put("alg", "PS256"), "only RS256");
        assertStrictRefuses(TestTransmitter.publicJwk("r", RSA).put("n", "not base64!"), "not base64url");
        assertStrictRefuses(TestTransmitter.publicJwk("r", RSA).put("e", "AAI"), "exponent");
        assertStrictRefuses(TestTransmitter.publicJwk("e", EC).put("x", "AAAA"), "32 bytes");
        assertStrictRefuses(om().put("kid", "nokty"), "no 'kty'");
    }

    @Test
    void strictModeRefusesADuplicatedKid() {
        JwkSet.Invalid e = assertThrows(JwkSet.Invalid.class, () -> JwkSet.parse(
                keys(TestTransmitter.publicJwk("same", RSA), TestTransmitter.publicJwk("same", TestTransmitter.rsaKeyPair())), true));
        assertTrue(e.getMessage().contains("used by another key"), e.getMessage());
    }

    @Test
    void anEcPointOffTheCurveIsRefused() throws Exception {
        ECPoint w = ((ECPublicKey) EC.getPublic()).getW();
        ECPoint off = new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE));
        assertTrue(JwkSet.onCurve(w));
        assertFalse(JwkSet.onCurve(off));
        ObjectNode jwk = TestTransmitter.publicJwk("e", EC).put("y", Base64Url.encode(TestTransmitter.unsigned(off.getAffineY(), 32)));
        assertStrictRefuses(jwk, "not on the P-256 curve");
    }

    @Test
    void anEcKeyOnAnotherCurveWithP256LabelIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        ECPoint w = ((ECPublicKey) generator.generateKeyPair().getPublic()).getW();
        assertFalse(JwkSet.onCurve(w));
    }

    @Test
    void notAKeySet() {
        for (String json : new String[] {"[]", "{}", "{\"keys\":{}}", "not json", "{\"keys\":[],\"keys\":[]}"}) {
            assertThrows(JwkSet.Invalid.class, () -> JwkSet.parse(json, false), json);
        }
    }

    @Test
    void keysThatMayNotVerifyAreLeftOut() throws Exception {
        ObjectNode signOnly = TestTransmitter.publicJwk("s", RSA);
        signOnly.putArray("key_ops").add("sign");
        ObjectNode verify = TestTransmitter.publicJwk("v", EC);
        verify.putArray("key_ops").add("verify");
        JwkSet set = JwkSet.parse(keys(signOnly, verify), true);
        assertEquals(1, set.keys().size());
        assertEquals("v", set.keys().get(0).kid());
    }

    private static void assertStrictRefuses(ObjectNode jwk, String why) {
        JwkSet.Invalid e = assertThrows(JwkSet.Invalid.class, () -> JwkSet.parse(keys(jwk), true));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().startsWith("keys[0]") || e.getMessage().contains("keys[0]"), e.getMessage());
    }

    private static ObjectNode rsaJwk(String kid, BigInteger modulus) {
        return om().put("kty", "RSA").put("kid", kid)
                .put("n", Base64Url.encode(TestTransmitter.unsigned(modulus, 0)))
                .put("e", Base64Url.encode(TestTransmitter.unsigned(BigInteger.valueOf(65537), 0)));
    }

    private static ObjectNode om() {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    }

    private static String keys(ObjectNode... jwks) {
        StringBuilder out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < jwks.length; i++) {
            out.append(i == 0 ? "" : ",").append(jwks[i]);
        }
        return out.append("]}").toString();
    }
}
