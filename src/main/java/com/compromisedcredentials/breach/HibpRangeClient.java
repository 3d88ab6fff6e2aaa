package com.compromisedcredentials.breach;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.OutboundAddresses;

/**
 * Asks the Have I Been Pwned "Pwned Passwords" range API how often a password was seen in breaches, with
 * k-anonymity: only the first five hex digits of the password's SHA-1 leave the server
 * ({@code GET {baseUrl}/range/ABCDE}); the answer lists every hash with that prefix and the match is made
 * here. {@code Add-Padding: true} is sent so the answer's size does not reveal the prefix either.
 *
 * <p>Every call goes through {@link BoundedHttp}: the base URL's host must resolve to an address the server allows
 * (checked on every request), redirects are never followed, the answer may be at most {@value #MAX_RESPONSE_BYTES}
 * bytes, and the connection must open within the connect timeout and the whole answer arrive within the read timeout
 * after that. Answers are kept in a small LRU cache by prefix (size and
 * lifetime configurable; an entry is about 24 bytes a listed hash, some 20 KB for a real prefix), so a
 * password tried again and again (a common one, a retried form) costs one request. Thread-safe; one
 * instance is shared by the whole server.
 */
public final class HibpRangeClient implements BreachSource {

    /** Where the range API lives, its timeouts and the cache. */
    public record Settings(URI baseUrl, Duration connectTimeout, Duration readTimeout, int cacheEntries,
                           Duration cacheTtl, String userAgent) {

        public static final URI DEFAULT_BASE_URL = URI.create("https://api.pwnedpasswords.com");
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(1000);
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(2000);
        public static final int DEFAULT_CACHE_ENTRIES = 1000;
        public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
        public static final String DEFAULT_USER_AGENT = "compromised-credentials-for-keycloak";

        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!"https".equalsIgnoreCase(baseUrl.getScheme()) && !"http".equalsIgnoreCase(baseUrl.getScheme())) {
                throw new IllegalArgumentException("the range API base URL must be http or https: " + baseUrl);
            }
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            if (cacheEntries < 0) {
                throw new IllegalArgumentException("cacheEntries must be 0 (no cache) or more");
            }
            requirePositive(cacheTtl, "cacheTtl");
            Objects.requireNonNull(userAgent, "userAgent");
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_CACHE_ENTRIES,
                    DEFAULT_CACHE_TTL, DEFAULT_USER_AGENT);
        }

        public Settings withBaseUrl(URI url) {
            return new Settings(url, connectTimeout, readTimeout, cacheEntries, cacheTtl, userAgent);
        }

        public Settings withTimeouts(Duration connect, Duration read) {
            return new Settings(baseUrl, connect, read, cacheEntries, cacheTtl, userAgent);
        }

        public Settings withCache(int entries, Duration ttl) {
            return new Settings(baseUrl, connectTimeout, readTimeout, entries, ttl, userAgent);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    /** A padded range answer is some 30-40 KB; anything far larger is not the range API. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private record CachedRange(RangeListing listing, long fetchedAtNanos) {
    }

    private final Settings settings;
    private final String rangeUrlStart;
    private final BoundedHttp http;
    private final LongSupplier nanoClock;
    private final Map<String, CachedRange> cache;

    public HibpRangeClient(Settings settings, OutboundAddresses addresses) {
        this(settings, addresses, System::nanoTime);
    }

    HibpRangeClient(Settings settings, OutboundAddresses addresses, LongSupplier nanoClock) {
        this.settings = settings;
        String base = settings.baseUrl().toString();
        this.rangeUrlStart = (base.endsWith("/") ? base : base + "/") + "range/";
        this.nanoClock = nanoClock;
        this.http = BoundedHttp.newClient(settings.connectTimeout(), addresses);
        int max = settings.cacheEntries();
        this.cache = new LinkedHashMap<>(Math.min(max, 1024) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CachedRange> eldest) {
                return size() > max;
            }
        };
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public long breachCount(PasswordSha1 hash) throws BreachLookupException {
        return range(hash.rangePrefix()).count(hash);
    }

    /** The listing for a five-hex-digit prefix, from the cache when it is fresh. */
    RangeListing range(String prefix) throws BreachLookupException {
        long now = nanoClock.getAsLong();
        synchronized (cache) {
            CachedRange cached = cache.get(prefix);
            if (cached != null) {
                if (now - cached.fetchedAtNanos() < settings.cacheTtl().toNanos()) {
                    return cached.listing();
                }
                cache.remove(prefix);
            }
        }
        RangeListing listing = RangeListing.parse(prefix, fetch(prefix));
        if (settings.cacheEntries() > 0) {
            synchronized (cache) {
                cache.put(prefix, new CachedRange(listing, now));
            }
        }
        return listing;
    }

    private byte[] fetch(String prefix) throws BreachLookupException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rangeUrlStart + prefix))
                .timeout(settings.readTimeout())
                .header("Add-Padding", "true")
                .header("User-Agent", settings.userAgent())
                .GET()
                .build();
        Duration deadline = settings.connectTimeout().plus(settings.readTimeout());
        BoundedHttp.Response response;
        try {
            response = http.exchange(request, MAX_RESPONSE_BYTES, deadline);
        } catch (HttpTimeoutException e) {
            throw new BreachLookupException(BreachLookupException.Reason.TIMEOUT,
                    "no complete answer from " + host() + " within " + deadline.toMillis() + " ms: " + BoundedHttp.describe(e));
        } catch (InterruptedIOException e) {
            throw new BreachLookupException(BreachLookupException.Reason.IO, "interrupted while asking " + host(), e);
        } catch (IOException e) {
            throw new BreachLookupException(BreachLookupException.Reason.IO, "could not ask " + host() + ": " + BoundedHttp.describe(e), e);
        }
        if (response.status() != 200) {
            throw new BreachLookupException(BreachLookupException.Reason.HTTP_STATUS,
                    host() + " answered " + BoundedHttp.describeStatus(response.status()));
        }
        return response.body();
    }

    /** The host of the range API, for messages: the URL with the prefix would reveal part of the hash. */
    private String host() {
        URI base = settings.baseUrl();
        return base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
    }
}
