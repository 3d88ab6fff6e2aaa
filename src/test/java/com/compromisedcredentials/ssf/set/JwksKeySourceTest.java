package com.compromisedcredentials.ssf.set;

import com.compromisedcredentials.ssf.MutableClock;
import com.compromisedcredentials.ssf.TestTransmitter;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.admin.TransmitterConfigParser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.OutboundAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwksKeySourceTest {

    private static final JwksKeySource.Settings SETTINGS =
            new JwksKeySource.Settings(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofHours(1));
    private static TestTransmitter transmitter;
    private static BoundedHttp http;

    private MutableClock clock;
    private JwksKeySource keys;

    @BeforeAll
    static void startTransmitter() throws Exception {
        transmitter = TestTransmitter.start();
        http = BoundedHttp.newClient(Duration.ofSeconds(5), OutboundAddresses.allowing("127.0.0.1"));
    }

    @AfterAll
    static void stopTransmitter() {
        transmitter.close();
    }

    @BeforeEach
    void newSource() {
        transmitter.jwksStatus(200);
        transmitter.jwksDelay(Duration.ZERO);
        clock = MutableClock.now();
        keys = JwksKeySource.remote(transmitter.jwksUri(), http, SETTINGS, clock);
    }

    @Test
    void fetchesOnFirstUseAndCachesForTheTtl() {
        int before = transmitter.jwksFetches();
        assertEquals(1, keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256).size());
        assertEquals(1, keys.keys(TestTransmitter.EC_KID, SigningAlgorithm.ES256).size());
        clock.advance(Duration.ofMinutes(9));
        keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        assertEquals(before + 1, transmitter.jwksFetches());
        clock.advance(Duration.ofMinutes(1));
        keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        assertEquals(before + 2, transmitter.jwksFetches(), "fetched again once the TTL is over");
    }

    @Test
    void anUnknownKidFetchesOnceThenIsRateLimited() {
        keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        int before = transmitter.jwksFetches();
        clock.advance(Duration.ofSeconds(31));
        assertTrue(keys.keys("nobody", SigningAlgorithm.RS256).isEmpty(), "refetched, still unknown: refuse");
        assertEquals(before + 1, transmitter.jwksFetches());
        KeysUnavailable limited = assertThrows(KeysUnavailable.class, () -> keys.keys("nobody-else", SigningAlgorithm.RS256));
        assertTrue(limited.getMessage().contains("fetched again 30 s after"), limited.getMessage());
        assertEquals(before + 1, transmitter.jwksFetches(), "no second fetch within the interval");
        assertEquals(1, keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256).size(), "known keys still work");
    }

    @Test
    void aRotatedKeyIsPickedUpWithoutWaitingForTheTtl() {
        keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        clock.advance(Duration.ofSeconds(31));
        KeyPair rotated = transmitter.addRsaKey("rotated-" + System.nanoTime());
        String kid = transmitter.jwksJson().replaceAll(".*\"kid\":\"(rotated-[0-9]+)\".*", "$1");
        List<PublicKey> found = keys.keys(kid, SigningAlgorithm.RS256);
        assertEquals(List.of(rotated.getPublic()), found);
    }

    @Test
    void aFailedFetchKeepsThePreviousKeysForAWhile() {
        keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        transmitter.jwksStatus(503);
        clock.advance(Duration.ofMinutes(11));
        assertEquals(1, keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256).size(), "stale keys used");
        clock.advance(Duration.ofMinutes(60));
        assertThrows(KeysUnavailable.class, () -> keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256),
                "beyond TTL + maxStale the old keys are no longer trusted");
        transmitter.jwksStatus(200);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256).size(), "recovers");
    }

    @Test
    void aKeyTheTransmitterWithdrewIsNoLongerTrustedOnceAFetchSucceeds() {
        String withdrawn = "withdrawn-" + System.nanoTime();
        transmitter.addRsaKey(withdrawn);
        assertEquals(1, keys.keys(withdrawn, SigningAlgorithm.RS256).size());
        transmitter.removeKey(withdrawn);
        String next = "next-" + System.nanoTime();
        transmitter.addRsaKey(next);
        clock.advance(Duration.ofSeconds(31));

        assertEquals(1, keys.keys(next, SigningAlgorithm.RS256).size(), "an unknown kid fetched the set again");
        assertThrows(KeysUnavailable.class, () -> keys.keys(withdrawn, SigningAlgorithm.RS256),
                "that fetch replaced the whole set within the TTL: the withdrawn key is not used (the SET waits)");
        clock.advance(Duration.ofSeconds(31));
        assertTrue(keys.keys(withdrawn, SigningAlgorithm.RS256).isEmpty(), "fetched again: still withdrawn, the SET is refused");
        transmitter.removeKey(next);
    }

    @Test
    void whileFetchesFailOldKeysAreTrustedForTheConfiguredPeriodOnly() {
        JwksKeySource strict = JwksKeySource.remote(transmitter.jwksUri(), http,
                SETTINGS.withCache(Duration.ofMinutes(5), Duration.ofMinutes(2)), clock);
        strict.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        transmitter.jwksStatus(503);
        clock.advance(Duration.ofMinutes(6));
        assertEquals(1, strict.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256).size(), "within TTL + stale period");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        KeysUnavailable e = assertThrows(KeysUnavailable.class, () -> strict.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256));
        assertTrue(e.getMessage().endsWith("could not be fetched: HTTP status 503"), e.getMessage());

        JwksKeySource none = JwksKeySource.remote(transmitter.jwksUri(), http, SETTINGS.withCache(Duration.ofMinutes(5), Duration.ZERO), clock);
        transmitter.jwksStatus(200);
        none.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        transmitter.jwksStatus(503);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThrows(KeysUnavailable.class, () -> none.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256), "no stale period");
    }

    @Test
    void noKeysAtAllIsUnavailableAndRetriesAreRateLimited() {
        transmitter.jwksStatus(500);
        int before = transmitter.jwksFetches();
        KeysUnavailable e = assertThrows(KeysUnavailable.class, () -> keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256));
        assertTrue(e.getMessage().contains("HTTP status 500"), e.getMessage());
        assertThrows(KeysUnavailable.class, () -> keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256));
        assertEquals(before + 1, transmitter.jwksFetches());
    }

    @Test
    void aSlowServerHitsTheDeadline() {
        transmitter.jwksDelay(Duration.ofSeconds(4));
        long start = System.nanoTime();
        KeysUnavailable e = assertThrows(KeysUnavailable.class, () -> keys.keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(elapsed < 3500, "took " + elapsed + " ms");
        assertTrue(e.getMessage().endsWith("could not be fetched: no complete response in time"), e.getMessage());
    }

    @Test
    void anUnreachableUrlIsUnavailable() {
        JwksKeySource nowhere = JwksKeySource.remote(URI.create("http://127.0.0.1:9/jwks.json"), http, SETTINGS, clock);
        assertThrows(KeysUnavailable.class, () -> nowhere.keys("k", SigningAlgorithm.RS256));
    }

    @Test
    void staticKeysNeverFetch() {
        JwksKeySource fixed = JwksKeySource.ofStatic(transmitter.jwksJson());
        assertEquals(1, fixed.keys(TestTransmitter.EC_KID, SigningAlgorithm.ES256).size());
        assertTrue(fixed.keys("nobody", SigningAlgorithm.ES256).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> JwksKeySource.ofStatic("{\"keys\":[]}"));
    }

    @Test
    void forTransmitterChoosesTheConfiguredSource() {
        TransmitterConfig config = new TransmitterConfigParser().parse(transmitter.configJson("push", "aud"));
        int before = transmitter.jwksFetches();
        JwksKeySource.forTransmitter(config, http, SETTINGS).keys(TestTransmitter.RSA_KID, SigningAlgorithm.RS256);
        assertEquals(before + 1, transmitter.jwksFetches());
    }
}
