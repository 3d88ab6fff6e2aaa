package com.compromisedcredentials.ssf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Shared Signals transmitter for tests, unit and integration alike: it holds an RSA and an EC P-256 key pair,
 * serves their JWKS at {@link #jwksUri()} and an RFC 8936 poll endpoint at {@link #pollUri()} on a loopback
 * {@link HttpServer}, and mints SETs, good and bad ({@link #validSet}, {@link #badSignatureSet},
 * {@link #wrongAudienceSet}, {@link #expiredSet}, {@link #algNoneSet}, {@link #wrongIssuerSet},
 * {@link #unknownKidSet}, or any other through {@link #set()}). {@link #push} delivers a SET to a push endpoint
 * as RFC 8935 says.
 *
 * <pre>
 * try (TestTransmitter tx = TestTransmitter.start()) {
 *     String config = tx.configJson("push", "https://kc/realms/r");   // for the admin API
 *     String set = tx.validSet("https://kc/realms/r", "alice@example.com");
 *     HttpResponse&lt;String&gt; r = TestTransmitter.push(pushEndpoint, tx.pushToken(), set);
 * }
 * </pre>
 */
public final class TestTransmitter implements AutoCloseable {

    public static final String RSA_KID = "rsa-1";
    public static final String EC_KID = "ec-1";
    public static final String CREDENTIAL_COMPROMISE = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise";
    public static final String CREDENTIAL_CHANGE_REQUIRED =
            "https://schemas.openid.net/secevent/risc/event-type/account-credential-change-required";
    public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-transmitter");
        thread.setDaemon(true);
        return thread;
    });
    private final String issuer;
    private final KeyPair rsa;
    private final KeyPair ec;
    private final String pushToken = "push-" + UUID.randomUUID().toString().replace("-", "");
    private final String pollToken = "poll-" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, Jwk> served = new LinkedHashMap<>();

    private int jwksFetches;
    private int jwksStatus = 200;
    private Duration jwksDelay = Duration.ZERO;
    private final Map<String, String> queue = new LinkedHashMap<>();
    private final List<String> acked = new ArrayList<>();
    private final Map<String, JsonNode> setErrs = new LinkedHashMap<>();
    private final List<JsonNode> pollRequests = new ArrayList<>();
    private int pollStatus = 200;
    private Duration pollDelay = Duration.ZERO;

    private record Jwk(String kid, KeyPair pair) {
    }

    private TestTransmitter(String issuer) throws IOException {
        this.rsa = rsaKeyPair();
        this.ec = ecKeyPair();
        served.put(RSA_KID, new Jwk(RSA_KID, rsa));
        served.put(EC_KID, new Jwk(EC_KID, ec));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.issuer = issuer != null ? issuer : "http://127.0.0.1:" + server.getAddress().getPort() + "/transmitter";
        server.createContext("/jwks.json", this::jwks);
        server.createContext("/poll", this::poll);
        server.setExecutor(executor);
        server.start();
    }

    /** A transmitter whose issuer is its own base URL. */
    public static TestTransmitter start() throws IOException {
        return new TestTransmitter(null);
    }

    public static TestTransmitter start(String issuer) throws IOException {
        return new TestTransmitter(issuer);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public String issuer() {
        return issuer;
    }

    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    public URI pollUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/poll");
    }

    /** The token this transmitter sends when it pushes; configure the receiver to expect it. */
    public String pushToken() {
        return pushToken;
    }

    /** The token the poll endpoint expects. */
    public String pollToken() {
        return pollToken;
    }

    /** A transmitter configuration for the receiver, as {@link TransmitterConfigParser} reads it: JWKS by URL. */
    public String configJson(String delivery, String audience) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("issuer", issuer);
        node.put("jwksUri", jwksUri().toString());
        node.put("audience", audience);
        node.put("delivery", delivery);
        if (delivery.equals("push")) {
            node.put("pushBearerToken", pushToken);
        } else {
            node.put("pollEndpoint", pollUri().toString());
            node.put("pollBearerToken", pollToken);
        }
        return node.toString();
    }

    /** The public JWK Set, to configure statically. */
    public synchronized String jwksJson() {
        ObjectNode root = MAPPER.createObjectNode();
        var keys = root.putArray("keys");
        for (Jwk jwk : served.values()) {
            keys.add(publicJwk(jwk.kid(), jwk.pair()));
        }
        return root.toString();
    }

    /** Publishes one more RSA key under {@code kid} (a key rotation); sign with it through {@link SetBuilder#rs256}. */
    public synchronized KeyPair addRsaKey(String kid) {
        KeyPair pair = rsaKeyPair();
        served.put(kid, new Jwk(kid, pair));
        return pair;
    }

    /** Stops publishing the key {@code kid} (the transmitter withdrew it, e.g. because it leaked). */
    public synchronized void removeKey(String kid) {
        served.remove(kid);
    }

    /** The RSA key pair behind {@link #RSA_KID}, to sign hand-made tokens. */
    public KeyPair rsaSigningKeys() {
        return rsa;
    }

    public synchronized int jwksFetches() {
        return jwksFetches;
    }

    /** Makes the JWKS endpoint answer this status (200 restores it). */
    public synchronized void jwksStatus(int status) {
        this.jwksStatus = status;
    }

    /** Makes the JWKS endpoint wait before it answers. */
    public synchronized void jwksDelay(Duration delay) {
        this.jwksDelay = delay;
    }

    // ---- minting

    /** A builder preset to a valid credential-compromise SET for {@code alice@example.com}, signed RS256 with {@link #RSA_KID}. */
    public SetBuilder set() {
        return new SetBuilder();
    }

    public String validSet(String audience, String email) {
        return set().audience(audience).credentialCompromise(email).sign();
    }

    /** Signed by a key the JWKS does not hold, under the kid of one it does. */
    public String badSignatureSet(String audience, String email) {
        return set().audience(audience).credentialCompromise(email).signWithForeignKey();
    }

    public String wrongAudienceSet(String email) {
        return set().audience("https://someone-else.example.com").credentialCompromise(email).sign();
    }

    /** Issued 31 days ago: older than any accepted maximum token age. */
    public String expiredSet(String audience, String email) {
        return set().audience(audience).credentialCompromise(email).issuedAt(Instant.now().minus(Duration.ofDays(31))).sign();
    }

    public String algNoneSet(String audience, String email) {
        return set().audience(audience).credentialCompromise(email).unsigned();
    }

    public String wrongIssuerSet(String audience, String email) {
        return set().audience(audience).credentialCompromise(email).issuer("https://impostor.example.com").sign();
    }

    public String unknownKidSet(String audience, String email) {
        return set().audience(audience).credentialCompromise(email).kid("no-such-key").sign();
    }

    /** Builds one SET. Every setter returns the builder; {@link #sign()} and its variants produce the compact JWS. */
    public final class SetBuilder {
        private final Map<String, Object> header = new LinkedHashMap<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, Object> events = new LinkedHashMap<>();
        private KeyPair signer = rsa;

        private SetBuilder() {
            header.put("alg", "RS256");
            header.put("typ", "secevent+jwt");
            header.put("kid", RSA_KID);
            claims.put("iss", issuer);
            claims.put("aud", "https://receiver.example.com");
            claims.put("iat", Instant.now().getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("events", events);
        }

        public SetBuilder issuer(String iss) {
            return claim("iss", iss);
        }

        /** One audience as a string, several as an array. */
        public SetBuilder audience(String... aud) {
            return claim("aud", aud.length == 1 ? aud[0] : List.of(aud));
        }

        public SetBuilder issuedAt(Instant iat) {
            return claim("iat", iat.getEpochSecond());
        }

        public SetBuilder jti(String jti) {
            return claim("jti", jti);
        }

        public String jti() {
            return (String) claims.get("jti");
        }

        /** Sets a claim; null removes it. */
        public SetBuilder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** Sets a header member; null removes it. */
        public SetBuilder header(String name, Object value) {
            if (value == null) {
                header.remove(name);
            } else {
                header.put(name, value);
            }
            return this;
        }

        public SetBuilder typ(String typ) {
            return header("typ", typ);
        }

        public SetBuilder kid(String kid) {
            return header("kid", kid);
        }

        /** Signs ES256 with the EC key ({@link #EC_KID}). */
        public SetBuilder es256() {
            signer = ec;
            header.put("alg", "ES256");
            header.put("kid", EC_KID);
            return this;
        }

        /** Signs RS256 with this key pair under this kid (e.g. one from {@link #addRsaKey}). */
        public SetBuilder rs256(String kid, KeyPair pair) {
            signer = pair;
            header.put("alg", "RS256");
            header.put("kid", kid);
            return this;
        }

        public SetBuilder event(String type, Map<String, Object> payload) {
            events.put(type, payload);
            return this;
        }

        /** A RISC credential-compromise of a password, subject by email inside the event. */
        public SetBuilder credentialCompromise(String email) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("subject", Map.of("format", "email", "email", email));
            payload.put("credential_type", "password");
            return event(CREDENTIAL_COMPROMISE, payload);
        }

        public SetBuilder subId(Map<String, Object> subjectIdentifier) {
            return claim("sub_id", subjectIdentifier);
        }

        public String sign() {
            String input = encode(header) + "." + encode(claims);
            return input + "." + b64(signature(input, signer, (String) header.get("alg")));
        }

        /** Signed with a fresh key of the same type that the JWKS does not hold. */
        public String signWithForeignKey() {
            KeyPair foreign = signer.getPublic() instanceof RSAPublicKey ? rsaKeyPair() : ecKeyPair();
            String input = encode(header) + "." + encode(claims);
            return input + "." + b64(signature(input, foreign, (String) header.get("alg")));
        }

        /** Correctly signed, then one claim changed: the signature no longer matches. */
        public String tampered() {
            String signed = sign();
            String[] parts = signed.split("\\.");
            Map<String, Object> changed = new LinkedHashMap<>(claims);
            changed.put("jti", "tampered-" + claims.get("jti"));
            return parts[0] + "." + encode(changed) + "." + parts[2];
        }

        /** {@code alg: none} with an empty signature. */
        public String unsigned() {
            header.put("alg", "none");
            header.remove("kid");
            return encode(header) + "." + encode(claims) + ".";
        }
    }

    // ---- poll endpoint

    /** Queues a SET for the poll endpoint under its jti. */
    public synchronized void enqueue(String jti, String set) {
        queue.put(jti, set);
    }

    public synchronized List<String> acked() {
        return List.copyOf(acked);
    }

    /** jti → {"err", "description"} received as negative acknowledgements. */
    public synchronized Map<String, JsonNode> setErrs() {
        return Map.copyOf(setErrs);
    }

    public synchronized List<JsonNode> pollRequests() {
        return List.copyOf(pollRequests);
    }

    public synchronized int queued() {
        return queue.size();
    }

    /** Makes the poll endpoint wait before it answers (a slow transmitter). */
    public synchronized void pollDelay(Duration delay) {
        this.pollDelay = delay;
    }

    /** Makes the poll endpoint answer this status with an RFC 8936 error body (200 restores it). */
    public synchronized void pollStatus(int status) {
        this.pollStatus = status;
    }

    // ---- push

    /** POSTs a SET to a push endpoint as RFC 8935 says; {@code bearer} may be null. */
    public static HttpResponse<String> push(URI endpoint, String bearer, String set) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/secevent+jwt")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(set));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- HTTP handlers

    private void jwks(HttpExchange exchange) throws IOException {
        int status;
        Duration delay;
        String body;
        synchronized (this) {
            jwksFetches++;
            status = jwksStatus;
            delay = jwksDelay;
            body = status == 200 ? jwksJson() : "{\"error\":\"unavailable\"}";
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        respond(exchange, status, body);
    }

    private void poll(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "{\"err\":\"invalid_request\",\"description\":\"POST only\"}");
            return;
        }
        if (!("Bearer " + pollToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"err\":\"authentication_failed\",\"description\":\"bad token\"}");
            return;
        }
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = MAPPER.readTree(in.readAllBytes());
        }
        Duration delay;
        synchronized (this) {
            delay = pollDelay;
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ObjectNode response = MAPPER.createObjectNode();
        int status;
        synchronized (this) {
            status = pollStatus;
            pollRequests.add(request);
            if (status == 200) {
                for (JsonNode jti : request.path("ack")) {
                    acked.add(jti.asText());
                    queue.remove(jti.asText());
                }
                request.path("setErrs").fields().forEachRemaining(e -> {
                    setErrs.put(e.getKey(), e.getValue());
                    queue.remove(e.getKey());
                });
                int max = request.path("maxEvents").asInt(Integer.MAX_VALUE);
                ObjectNode sets = response.putObject("sets");
                queue.entrySet().stream().limit(max).forEach(e -> sets.put(e.getKey(), e.getValue()));
                response.put("moreAvailable", queue.size() > sets.size());
            }
        }
        respond(exchange, status, status == 200 ? response.toString()
                : "{\"err\":\"invalid_request\",\"description\":\"configured failure\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- keys and encoding

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of a key pair. */
    public static ObjectNode publicJwk(String kid, KeyPair pair) {
        ObjectNode jwk = MAPPER.createObjectNode();
        if (pair.getPublic() instanceof RSAPublicKey key) {
            jwk.put("kty", "RSA");
            jwk.put("kid", kid);
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("n", b64(unsigned(key.getModulus(), 0)));
            jwk.put("e", b64(unsigned(key.getPublicExponent(), 0)));
        } else {
            ECPublicKey key = (ECPublicKey) pair.getPublic();
            jwk.put("kty", "EC");
            jwk.put("kid", kid);
            jwk.put("use", "sig");
            jwk.put("alg", "ES256");
            jwk.put("crv", "P-256");
            jwk.put("x", b64(unsigned(key.getW().getAffineX(), 32)));
            jwk.put("y", b64(unsigned(key.getW().getAffineY(), 32)));
        }
        return jwk;
    }

    /** Big-endian bytes without the sign byte, left-padded to {@code length} if it is not 0. */
    public static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            return padded;
        }
        return bytes;
    }

    public static byte[] signature(String input, KeyPair pair, String alg) {
        try {
            PrivateKey key = pair.getPrivate();
            Signature signature = Signature.getInstance(
                    "ES256".equals(alg) ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(Object json) {
        try {
            return b64(MAPPER.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
