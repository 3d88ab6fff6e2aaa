package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.compromisedcredentials.support.net.OutboundAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HibpRangeClientTest {

    // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
    private static final PasswordSha1 PASSWORD = PasswordSha1.of("password");
    private static final String PASSWORD_SUFFIX = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

    /** The stand-in API runs on 127.0.0.1, an address outbound requests may only reach when allowed. */
    private static final OutboundAddresses LOOPBACK = OutboundAddresses.allowing("127.0.0.1");

    private RangeApiStub api;

    @BeforeEach
    void start() throws Exception {
        api = new RangeApiStub();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HibpRangeClient client() {
        return new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(api.baseUrl())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)), LOOPBACK);
    }

    @Test
    void sendsOnlyTheFiveCharacterPrefixWithPaddingAndUserAgent() throws Exception {
        api.serve("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n" + PASSWORD_SUFFIX + ":9659365\r\n");

        assertEquals(9_659_365, client().breachCount(PASSWORD));

        assertEquals(1, api.seen().size());
        RangeApiStub.Seen request = api.seen().get(0);
        assertEquals("/range/5BAA6", request.path());
        assertEquals("true", request.padding());
        assertEquals(HibpRangeClient.Settings.DEFAULT_USER_AGENT, request.userAgent());
        assertFalse(request.path().contains(PASSWORD_SUFFIX.substring(0, 3)), "nothing past the prefix is sent");
    }

    @Test
    void readsLfAndLowerCaseLinesAndAMissingFinalNewline() throws Exception {
        api.serve("0018a45c4d1def81644b54ab7f969b88d65:3\n" + PASSWORD_SUFFIX.toLowerCase() + ":42");

        assertEquals(42, client().breachCount(PASSWORD));
    }

    @Test
    void aPasswordNotListedOrListedOnlyAsPaddingIsNotBreached() throws Exception {
        api.serve("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n" + PASSWORD_SUFFIX + ":0\r\nFFFFA45C4D1DEF81644B54AB7F969B88D65:0\r\n");

        assertEquals(0, client().breachCount(PASSWORD));
        assertEquals(0, client().breachCount(PasswordSha1.of("correct horse battery staple")));
    }

    @Test
    void aBaseUrlWithAPathAndTrailingSlashIsAMirror() throws Exception {
        api.serve(PASSWORD_SUFFIX + ":5\n");
        HibpRangeClient mirror = new HibpRangeClient(HibpRangeClient.Settings.defaults()
                .withBaseUrl(api.baseUrl().resolve("/hibp/")), LOOPBACK);

        assertEquals(5, mirror.breachCount(PASSWORD));
        assertEquals("/hibp/range/5BAA6", api.seen().get(0).path());
    }

    @Test
    void notFoundAndServerErrorAreHttpStatusFailuresThatDoNotNameTheHash() {
        api.behave(exchange -> RangeApiStub.respond(exchange, 404, "not here"));
        BreachLookupException notFound = assertThrows(BreachLookupException.class, () -> client().breachCount(PASSWORD));
        assertEquals(BreachLookupException.Reason.HTTP_STATUS, notFound.reason());
        assertTrue(notFound.getMessage().contains("404"), notFound.getMessage());
        assertFalse(notFound.getMessage().contains("5BAA6"), "the prefix is part of the hash: " + notFound.getMessage());

        api.behave(exchange -> RangeApiStub.respond(exchange, 500, "oops"));
        BreachLookupException serverError = assertThrows(BreachLookupException.class, () -> client().breachCount(PASSWORD));
        assertEquals(BreachLookupException.Reason.HTTP_STATUS, serverError.reason());
        assertTrue(serverError.getMessage().contains("500"));
    }

    @Test
    void anAnswerThatIsNotARangeListingIsMalformedAndNotCached() throws Exception {
        api.serve("<html>proxy login</html>\n");
        HibpRangeClient client = client();
        BreachLookupException html = assertThrows(BreachLookupException.class, () -> client.breachCount(PASSWORD));
        assertEquals(BreachLookupException.Reason.MALFORMED_RESPONSE, html.reason());
        assertTrue(html.getMessage().contains("line 1"), html.getMessage());

        api.serve(PASSWORD_SUFFIX + ":7\nZZZZ:1\n");
        BreachLookupException badSecondLine = assertThrows(BreachLookupException.class, () -> client.breachCount(PASSWORD));
        assertTrue(badSecondLine.getMessage().contains("line 2"), badSecondLine.getMessage());

        api.serve(PASSWORD_SUFFIX + ":seven\n");
        assertThrows(BreachLookupException.class, () -> client.breachCount(PASSWORD));

        api.serve("");
        assertEquals(BreachLookupException.Reason.MALFORMED_RESPONSE,
                assertThrows(BreachLookupException.class, () -> client.breachCount(PASSWORD)).reason());

        api.serve(PASSWORD_SUFFIX + ":7\n");
        assertEquals(7, client.breachCount(PASSWORD), "failures were not cached");
    }

    @Test
    void aSlowAnswerTimesOutWithinTheReadTimeout() {
        api.behave(exchange -> Thread.sleep(5_000));
        long started = System.nanoTime();

        BreachLookupException e = assertThrows(BreachLookupException.class, () -> client().breachCount(PASSWORD));

        assertEquals(BreachLookupException.Reason.TIMEOUT, e.reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_500, "bounded by the timeouts");
    }

    @Test
    void aBodyThatTricklesInIsCutOffToo() {
        api.behave(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write((PASSWORD_SUFFIX + ":1\n").getBytes());
            body.flush();
            Thread.sleep(5_000);
        });
        long started = System.nanoTime();

        BreachLookupException e = assertThrows(BreachLookupException.class, () -> client().breachCount(PASSWORD));

        assertEquals(BreachLookupException.Reason.TIMEOUT, e.reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_500);
    }

    @Test
    void nothingListeningIsAnIoFailure() throws Exception {
        java.net.URI closed;
        try (RangeApiStub gone = new RangeApiStub()) {
            closed = gone.baseUrl();
        }
        HibpRangeClient client = new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(closed), LOOPBACK);

        BreachLookupException e = assertThrows(BreachLookupException.class, () -> client.breachCount(PASSWORD));

        assertEquals(BreachLookupException.Reason.IO, e.reason());
    }

    @Test
    void aPrefixIsFetchedOnceWhileCachedAndAgainAfterItsTtl() throws Exception {
        api.serve(PASSWORD_SUFFIX + ":3\n");
        AtomicLong clock = new AtomicLong();
        HibpRangeClient client = new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(api.baseUrl())
                .withCache(10, Duration.ofMinutes(5)), LOOPBACK, clock::get);

        assertEquals(3, client.breachCount(PASSWORD));
        assertEquals(3, client.breachCount(PASSWORD));
        assertEquals(0, client.breachCount(PasswordSha1.ofDigest(withLastByte(PASSWORD, 0))), "same prefix, not listed");
        assertEquals(1, api.seen().size(), "one request for one prefix");

        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        assertEquals(3, client.breachCount(PASSWORD));
        assertEquals(2, api.seen().size(), "fetched again after the TTL");
    }

    @Test
    void theCacheKeepsOnlyTheMostRecentlyUsedPrefixes() throws Exception {
        api.serve(PASSWORD_SUFFIX + ":3\n");
        HibpRangeClient client = new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(api.baseUrl())
                .withCache(2, Duration.ofMinutes(5)), LOOPBACK);

        client.range("AAAAA");
        client.range("BBBBB");
        client.range("AAAAA");
        client.range("CCCCC"); // evicts BBBBB, the least recently used
        client.range("AAAAA");
        client.range("BBBBB");

        assertEquals(4, api.seen().size(), "AAAAA, BBBBB, CCCCC, then BBBBB again");
    }

    @Test
    void aCacheOfZeroEntriesAsksEveryTime() throws Exception {
        api.serve(PASSWORD_SUFFIX + ":3\n");
        HibpRangeClient client = new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(api.baseUrl())
                .withCache(0, Duration.ofMinutes(5)), LOOPBACK);

        client.breachCount(PASSWORD);
        client.breachCount(PASSWORD);

        assertEquals(2, api.seen().size());
    }

    private static byte[] withLastByte(PasswordSha1 hash, int last) {
        byte[] bytes = hash.bytes();
        bytes[19] = (byte) last;
        return bytes;
    }

    @Test
    void aRedirectIsNotFollowed() {
        api.behave(exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/elsewhere")) {
                RangeApiStub.respond(exchange, 200, PASSWORD_SUFFIX + ":5\n");
            } else {
                exchange.getResponseHeaders().set("Location", "/elsewhere" + exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(302, -1);
            }
        });

        BreachLookupException e = assertThrows(BreachLookupException.class, () -> client().breachCount(PASSWORD));

        assertEquals(BreachLookupException.Reason.HTTP_STATUS, e.reason());
        assertEquals("127.0.0.1:" + api.baseUrl().getPort() + " answered HTTP status 302", e.getMessage());
        assertEquals(1, api.seen().size(), "the redirect target was never asked");
    }

    @Test
    void anAnswerLargerThanTheCapIsAbandoned() {
        api.behave(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                byte[] line = (PASSWORD_SUFFIX + ":1\r\n").getBytes();
                for (int i = 0; i <= HibpRangeClient.MAX_RESPONSE_BYTES / line.length; i++) {
                    body.write(line);
                }
            } catch (java.io.IOException hungUp) {
                // the client stopped reading, as it should
            }
        });

        // a deadline far beyond what 1 MiB over loopback takes, even on a busy machine: the cap must end it, not the clock
        HibpRangeClient patient = new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(api.baseUrl())
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)), LOOPBACK);
        BreachLookupException e = assertThrows(BreachLookupException.class, () -> patient.breachCount(PASSWORD));

        assertEquals(BreachLookupException.Reason.IO, e.reason());
        assertTrue(e.getMessage().contains("larger than " + HibpRangeClient.MAX_RESPONSE_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void aBaseUrlOnALoopbackAddressThatIsNotAllowedIsNeverAsked() {
        api.serve(PASSWORD_SUFFIX + ":5\n");
        HibpRangeClient client = new HibpRangeClient(HibpRangeClient.Settings.defaults().withBaseUrl(api.baseUrl()),
                OutboundAddresses.publicOnly());

        BreachLookupException e = assertThrows(BreachLookupException.class, () -> client.breachCount(PASSWORD));

        assertEquals(BreachLookupException.Reason.IO, e.reason());
        assertTrue(e.getMessage().contains("internal address"), e.getMessage());
        assertEquals(0, api.seen().size(), "no request reached the address");
    }
}
