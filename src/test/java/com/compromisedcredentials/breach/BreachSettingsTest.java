package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BreachSettingsTest {

    @Test
    void nothingSetMeansTheHibpApiWithShortTimeoutsAndAllowOnFailure() {
        BreachSettings settings = BreachSettings.read(Map.<String, String>of()::get);

        assertEquals(BreachCheck.Mode.HIBP_API, settings.source());
        assertEquals(URI.create("https://api.pwnedpasswords.com"), settings.hibp().baseUrl());
        assertEquals(Duration.ofMillis(1000), settings.hibp().connectTimeout());
        assertEquals(Duration.ofMillis(2000), settings.hibp().readTimeout());
        assertEquals(1000, settings.hibp().cacheEntries());
        assertEquals(Duration.ofMinutes(10), settings.hibp().cacheTtl());
        assertNull(settings.corpusPath());
        assertEquals(BreachCheck.FailureMode.ALLOW, settings.onLookupFailure());
    }

    @Test
    void everyOptionIsRead() {
        BreachSettings settings = BreachSettings.read(Map.of(
                "source", "offline-corpus",
                "hibp-base-url", "https://hibp-mirror.internal/pwned/",
                "hibp-connect-timeout-ms", "250",
                "hibp-read-timeout-ms", "750",
                "hibp-cache-size", "0",
                "hibp-cache-ttl-seconds", "60",
                "corpus-path", "/data/pwned.idx",
                "on-lookup-failure", "deny")::get);

        assertEquals(BreachCheck.Mode.OFFLINE_CORPUS, settings.source());
        assertEquals(URI.create("https://hibp-mirror.internal/pwned/"), settings.hibp().baseUrl());
        assertEquals(Duration.ofMillis(250), settings.hibp().connectTimeout());
        assertEquals(Duration.ofMillis(750), settings.hibp().readTimeout());
        assertEquals(0, settings.hibp().cacheEntries());
        assertEquals(Duration.ofSeconds(60), settings.hibp().cacheTtl());
        assertEquals(Path.of("/data/pwned.idx"), settings.corpusPath());
        assertEquals(BreachCheck.FailureMode.DENY, settings.onLookupFailure());
    }

    @Test
    void aWrongValueIsRefusedNamingItsOption() {
        assertProblem(Map.of("source", "off"), "source");
        assertProblem(Map.of("source", "offline-corpus"), "corpus-path");
        assertProblem(Map.of("hibp-base-url", "ftp://mirror"), "hibp-base-url");
        assertProblem(Map.of("hibp-base-url", "not a url"), "hibp-base-url");
        assertProblem(Map.of("hibp-connect-timeout-ms", "0"), "hibp-connect-timeout-ms");
        assertProblem(Map.of("hibp-read-timeout-ms", "2s"), "hibp-read-timeout-ms");
        assertProblem(Map.of("hibp-cache-size", "-1"), "hibp-cache-size");
        assertProblem(Map.of("on-lookup-failure", "block"), "on-lookup-failure");
    }

    private static void assertProblem(Map<String, String> options, String option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BreachSettings.read(options::get));
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}
