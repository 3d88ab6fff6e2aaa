package com.compromisedcredentials.ssf.set;

import com.compromisedcredentials.ssf.TransmitterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.MaskedUrl;
import org.jboss.logging.Logger;

/**
 * A transmitter's signature-verification keys (RSA 2048+ and EC P-256), from a static JWK Set or fetched from its
 * JWKS URL.
 *
 * <p>Fetched keys are cached for {@link Settings#ttl()}. A token whose {@code kid} is not in the cache triggers one
 * refetch, so that a key rotation is picked up at once, but fetches (for any reason) are at least
 * {@link Settings#minRefetchInterval()} apart, so that a flood of tokens with made-up {@code kid}s cannot turn this
 * receiver into a load generator against the transmitter. Every fetch has a hard deadline and a size cap. A
 * successful fetch replaces the whole key set at once: a key the transmitter withdrew is no longer trusted. When
 * fetches fail the previous keys stay in use for at most {@link Settings#maxStale()} past their TTL, so a withdrawn key
 * is trusted at most {@code ttl + maxStale} after the last fetch that still listed it; after that every SET waits
 * (neither accepted nor refused) until a fetch succeeds.
 *
 * <p>Thread-safe; keep one instance per transmitter configuration (the cache is per node, which is fine for a
 * cache: every node fetches the same public keys).
 */
public final class JwksKeySource {

    private static final Logger LOG = Logger.getLogger(JwksKeySource.class);

    /**
     * Tuning of a fetched key set.
     *
     * @param ttl                how long fetched keys are used before they are fetched again
     * @param minRefetchInterval the least time between two fetches, whatever triggers them
     * @param timeout            the deadline of one fetch, connection to last byte
     * @param maxStale           how long past the TTL old keys are still used while fetches fail
     */
    public record Settings(Duration ttl, Duration minRefetchInterval, Duration timeout, Duration maxStale) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofHours(1));

        public Settings {
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(maxStale, "maxStale");
            if (ttl.isNegative() || ttl.isZero() || maxStale.isNegative()) {
                throw new IllegalArgumentException("the TTL must be positive and the stale period 0 or more");
            }
        }

        /** The defaults with this cache lifetime and stale period (server options). */
        public Settings withCache(Duration ttl, Duration maxStale) {
            return new Settings(ttl, minRefetchInterval, timeout, maxStale);
        }
    }

    private final URI uri;
    private final BoundedHttp http;
    private final Settings settings;
    private final Clock clock;

    private JwkSet cached;
    private Instant fetchedAt;
    private Instant lastAttempt;
    private String lastFailure;

    private JwksKeySource(URI uri, BoundedHttp http, Settings settings, Clock clock, JwkSet fixed) {
        this.uri = uri;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.cached = fixed;
    }

    /** The key source a transmitter's configuration names: its static key set, or its JWKS URL with these settings. */
    public static JwksKeySource forTransmitter(TransmitterConfig config, BoundedHttp http, Settings settings) {
        return config.jwks() != null ? ofStatic(config.jwks()) : remote(config.jwksUri(), http, settings, Clock.systemUTC());
    }

    /**
     * Fixed keys, e.g. pasted by an admin. Strict: see {@link TransmitterConfigParser} for what is refused.
     *
     * @throws IllegalArgumentException if the JSON is not an acceptable key set
     */
    public static JwksKeySource ofStatic(String jwksJson) {
        try {
            return new JwksKeySource(null, null, null, null, JwkSet.parse(jwksJson, true));
        } catch (JwkSet.Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Keys fetched from {@code uri} on first use and then as {@code settings} say. */
    public static JwksKeySource remote(URI uri, BoundedHttp http, Settings settings, Clock clock) {
        return new JwksKeySource(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(http, "http"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"), null);
    }

    /**
     * The keys that may have signed a token with this header: those with this {@code kid} (every key of the
     * algorithm's type if {@code kid} is null). Empty means no such key: refuse the token.
     *
     * @throws KeysUnavailable if the keys could not be fetched and no usable copy is cached, or if the {@code kid}
     *                         is unknown and the keys were fetched too recently to fetch them again: try later
     */
    public synchronized List<PublicKey> keys(String kid, SigningAlgorithm algorithm) {
        if (uri == null) {
            return cached.candidates(kid, algorithm);
        }
        Instant now = clock.instant();
        boolean fresh = false;
        if (cached == null || !now.isBefore(fetchedAt.plus(settings.ttl()))) {
            if (mayFetch(now)) {
                fresh = fetch(now);
            }
        }
        if (cached == null || now.isAfter(fetchedAt.plus(settings.ttl()).plus(settings.maxStale()))) {
            throw new KeysUnavailable("The transmitter's keys at " + MaskedUrl.of(uri) + " could not be fetched"
                    + (lastFailure == null ? "." : ": " + lastFailure), null);
        }
        List<PublicKey> found = cached.candidates(kid, algorithm);
        if (found.isEmpty() && !fresh) {
            if (!mayFetch(now)) {
                throw new KeysUnavailable("No key for the SET's " + (kid == null ? algorithm : "kid")
                        + " in the transmitter's keys fetched " + Duration.between(fetchedAt, now).toSeconds()
                        + " s ago; they are fetched again " + settings.minRefetchInterval().toSeconds() + " s after the last attempt.", null);
            }
            if (!fetch(now)) {
                throw new KeysUnavailable("No key for the SET's " + (kid == null ? algorithm : "kid")
                        + " in the cached keys and fetching them again failed: " + lastFailure, null);
            }
            found = cached.candidates(kid, algorithm);
        }
        return found;
    }

    private boolean mayFetch(Instant now) {
        return lastAttempt == null || !now.isBefore(lastAttempt.plus(settings.minRefetchInterval()));
    }

    /** Replaces the cache on success; on failure keeps it and remembers why. */
    private boolean fetch(Instant now) {
        lastAttempt = now;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        try {
            BoundedHttp.Response response = http.exchange(request, JwkSet.MAX_BYTES, settings.timeout());
            if (response.status() != 200) {
                return failed(BoundedHttp.describeStatus(response.status()));
            }
            JwkSet keys = JwkSet.parse(new String(response.body(), StandardCharsets.UTF_8), false);
            for (String skipped : keys.skipped()) {
                LOG.debugf("JWKS %s: key skipped: %s", MaskedUrl.of(uri), skipped);
            }
            if (keys.keys().isEmpty()) {
                LOG.warnf("JWKS %s holds no RSA or EC P-256 signing key: every SET of this transmitter will be refused", MaskedUrl.of(uri));
            }
            cached = keys;
            fetchedAt = now;
            lastFailure = null;
            LOG.debugf("JWKS %s fetched: %d usable keys", MaskedUrl.of(uri), keys.keys().size());
            return true;
        } catch (JwkSet.Invalid e) {
            LOG.debugf("JWKS %s refused: %s", MaskedUrl.of(uri), e.getMessage());
            return failed("not an acceptable key set");
        } catch (IOException e) {
            return failed(BoundedHttp.describe(e));
        }
    }

    private boolean failed(String why) {
        lastFailure = why;
        LOG.warnf("Fetching the transmitter keys from %s failed (%s)%s", MaskedUrl.of(uri), why,
                cached == null ? "" : "; using the keys fetched at " + fetchedAt);
        return false;
    }
}
