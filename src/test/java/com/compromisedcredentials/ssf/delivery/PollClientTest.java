package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.admin.TransmitterConfigParser;
import com.compromisedcredentials.ssf.set.JwksKeySource;
import com.compromisedcredentials.ssf.set.SetError;
import com.compromisedcredentials.ssf.set.SetRejected;
import com.compromisedcredentials.ssf.set.SetVerifier;
import com.compromisedcredentials.ssf.TestTransmitter;
import com.compromisedcredentials.ssf.TransmitterConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.OutboundAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollClientTest {

    private static final String AUD = "https://idp.example.com/realms/acme";
    private static final BoundedHttp HTTP = BoundedHttp.newClient(Duration.ofSeconds(5), OutboundAddresses.allowing("127.0.0.1"));

    private static HttpServer fake;
    private static volatile int fakeStatus;
    private static volatile String fakeBody;
    private static volatile long fakeDelayMillis;

    private TestTransmitter tx;
    private TransmitterConfig config;
    private final PollClient client = new PollClient(HTTP, Duration.ofSeconds(2));

    @BeforeAll
    static void startFake() throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.setExecutor(Executors.newCachedThreadPool());
        fake.createContext("/poll", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(fakeDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = fakeBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fakeStatus, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // the client gave up
            }
        });
        fake.start();
    }

    @AfterAll
    static void stopFake() {
        fake.stop(0);
    }

    @BeforeEach
    void startTransmitter() throws IOException {
        tx = TestTransmitter.start();
        config = new TransmitterConfigParser().parse(tx.configJson("poll", AUD));
        fakeDelayMillis = 0;
    }

    @org.junit.jupiter.api.AfterEach
    void stopTransmitter() {
        tx.close();
    }

    @Test
    void aFullPollCycleAcknowledgesGoodSetsAndRefusesBadOnes() throws Exception {
        TestTransmitter.SetBuilder first = tx.set().audience(AUD).credentialCompromise("a@example.com");
        TestTransmitter.SetBuilder wrongAudience = tx.set().audience("https://elsewhere").credentialCompromise("b@example.com");
        TestTransmitter.SetBuilder third = tx.set().audience(AUD).credentialCompromise("c@example.com");
        tx.enqueue(first.jti(), first.sign());
        tx.enqueue(wrongAudience.jti(), wrongAudience.sign());
        tx.enqueue(third.jti(), third.sign());
        SetVerifier verifier = new SetVerifier(config, JwksKeySource.forTransmitter(config, HTTP, JwksKeySource.Settings.DEFAULTS));

        PollResponse response = client.poll(config, PollRequest.first(2));
        assertEquals(List.of(first.jti(), wrongAudience.jti()), List.copyOf(response.sets().keySet()));
        assertTrue(response.moreAvailable());

        List<String> ack = new ArrayList<>();
        Map<String, SetRejected> errs = new LinkedHashMap<>();
        response.sets().forEach((jti, set) -> {
            try {
                ack.add(verifier.verify(set, jti).jti());
            } catch (SetRejected e) {
                errs.put(jti, e);
            }
        });
        response = client.poll(config, new PollRequest(ack, errs, 10, true));
        assertEquals(List.of(third.jti()), List.copyOf(response.sets().keySet()));
        assertFalse(response.moreAvailable());
        assertEquals(List.of(first.jti()), tx.acked());
        assertEquals("invalid_audience", tx.setErrs().get(wrongAudience.jti()).get("err").asText());
        assertFalse(tx.setErrs().get(wrongAudience.jti()).get("description").asText().isBlank());

        response = client.poll(config, new PollRequest(List.of(third.jti()), Map.of(), 10, true));
        assertTrue(response.sets().isEmpty());
        assertEquals(0, tx.queued());
    }

    @Test
    void sendsTheRfc8936RequestShape() throws Exception {
        client.poll(config, PollRequest.first(25));
        JsonNode request = tx.pollRequests().get(0);
        assertEquals("{\"ack\":[],\"maxEvents\":25,\"returnImmediately\":true}", request.toString());
        client.poll(config, new PollRequest(List.of("j1"), Map.of("j2", new SetRejected(SetError.INVALID_KEY, "bad")), 0, false));
        assertEquals("{\"ack\":[\"j1\"],\"setErrs\":{\"j2\":{\"err\":\"invalid_key\",\"description\":\"bad\"}},\"maxEvents\":0,\"returnImmediately\":false}",
                tx.pollRequests().get(1).toString());
    }

    @Test
    void aWrongTokenIsAPermanentFailure() {
        PollFailed e = assertThrows(PollFailed.class, () -> client.poll(tx.pollUri(), "wrong-token-0123456789", PollRequest.first(1)));
        assertEquals(401, e.status());
        assertEquals("authentication_failed", e.error());
        assertFalse(e.retryable());
        assertFalse(e.getMessage().contains("wrong-token"), "the token is never in the message");
    }

    @Test
    void aServerErrorIsRetryable() {
        tx.pollStatus(503);
        PollFailed e = assertThrows(PollFailed.class, () -> client.poll(config, PollRequest.first(1)));
        assertEquals(503, e.status());
        assertEquals("invalid_request", e.error());
        assertTrue(e.retryable());
    }

    @Test
    void noAnswerIsRetryable() {
        PollFailed e = assertThrows(PollFailed.class, () -> client.poll(URI.create("http://127.0.0.1:9/poll"), "t", PollRequest.first(1)));
        assertEquals(0, e.status());
        assertTrue(e.retryable());
    }

    @Test
    void aSlowTransmitterHitsTheDeadline() {
        fakeStatus = 200;
        fakeBody = "{\"sets\":{}}";
        fakeDelayMillis = 3000;
        long start = System.nanoTime();
        PollFailed e = assertThrows(PollFailed.class, () -> client.poll(fakeUri(), "t", PollRequest.first(1)));
        assertEquals(0, e.status());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2800);
    }

    @Test
    void malformedResponsesAreFailures() {
        fakeStatus = 200;
        for (String body : new String[] {"not json", "[]", "{}", "{\"sets\":[]}", "{\"sets\":{},\"moreAvailable\":\"yes\"}"}) {
            fakeBody = body;
            PollFailed e = assertThrows(PollFailed.class, () -> client.poll(fakeUri(), "t", PollRequest.first(1)), body);
            assertEquals(200, e.status());
            assertFalse(e.retryable());
        }
    }

    @Test
    void aSetThatIsNotAStringIsPassedOnEmptySoItGetsANegativeAck() throws PollFailed {
        fakeStatus = 200;
        fakeBody = "{\"sets\":{\"j1\":{\"not\":\"a set\"}},\"moreAvailable\":false}";
        PollResponse response = client.poll(fakeUri(), "t", PollRequest.first(1));
        assertEquals(Map.of("j1", ""), response.sets());
        SetVerifier verifier = new SetVerifier(config, JwksKeySource.ofStatic(tx.jwksJson()));
        assertEquals(SetError.INVALID_REQUEST, assertThrows(SetRejected.class, () -> verifier.verify("", "j1")).error());
    }

    @Test
    void anErrorWithoutJsonBodyStillSaysTheStatus() {
        fakeStatus = 404;
        fakeBody = "<html>not found</html>";
        PollFailed e = assertThrows(PollFailed.class, () -> client.poll(fakeUri(), "t", PollRequest.first(1)));
        assertEquals(404, e.status());
        assertEquals(null, e.error());
        assertTrue(e.getMessage().endsWith("answered HTTP status 404"), e.getMessage());
    }

    @Test
    void anErrorKeepsTheTransmittersCodeButNeverItsWordsInTheMessage() {
        fakeStatus = 400;
        fakeBody = "{\"err\":\"invalid_request\",\"description\":\"Call +1 555 0100 or visit https://evil.example/fix\"}";
        PollFailed e = assertThrows(PollFailed.class, () -> client.poll(fakeUri(), "t", PollRequest.first(1)));
        assertEquals("invalid_request", e.error());
        assertEquals("Polling " + fakeUri() + " answered HTTP status 400", e.getMessage());
    }

    @Test
    void pollingAPushTransmitterIsAProgrammingError() {
        TransmitterConfig push = new TransmitterConfigParser().parse(tx.configJson("push", AUD));
        assertThrows(IllegalArgumentException.class, () -> client.poll(push, PollRequest.first(1)));
        assertThrows(IllegalArgumentException.class, () -> PollRequest.first(-1));
    }

    private static URI fakeUri() {
        return URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/poll");
    }
}
