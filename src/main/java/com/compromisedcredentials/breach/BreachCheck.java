package com.compromisedcredentials.breach;

import java.util.Objects;

import com.compromisedcredentials.support.web.WireName;
import org.jboss.logging.Logger;

/**
 * The one entry point for "is this password breached?": the password policy, the login check and anything else
 * ask here. It hashes the password ({@link PasswordSha1}), asks the configured source, compares the count with
 * the minimum, and on a lookup failure applies the deliberate failure mode: {@code allow} (the default: an
 * outage of the breach source must not stop password changes) or {@code deny}. Each failure is logged at WARN
 * (reason and source, never the password or its hash) and counted in {@link BreachLookupCounters}.
 *
 * <p>A plain class without Keycloak types; immutable and thread-safe. Per-realm minimums are cheap copies
 * ({@link #withMinimumCount(long)}) sharing the source and the counters.
 */
public final class BreachCheck {

    private static final Logger LOG = Logger.getLogger(BreachCheck.class);

    /** Where breach counts come from, as admins write it. */
    public enum Mode implements WireName {
        OFF("off"), HIBP_API("hibp-api"), OFFLINE_CORPUS("offline-corpus");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        public static Mode of(String wireName) {
            return WireName.find(Mode.class, wireName)
                    .orElseThrow(() -> new IllegalArgumentException("unknown breach check mode " + wireName));
        }
    }

    /** What a password that could not be checked gets, as admins write it. */
    public enum FailureMode implements WireName {
        ALLOW("allow"), DENY("deny");

        private final String wireName;

        FailureMode(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        public static FailureMode of(String wireName) {
            return WireName.find(FailureMode.class, wireName)
                    .orElseThrow(() -> new IllegalArgumentException("unknown failure mode " + wireName));
        }
    }

    private final Mode mode;
    private final BreachSource source;
    private final long minimumCount;
    private final FailureMode onFailure;
    private final BreachLookupCounters counters;

    /**
     * @param source       the source for {@code mode}; ignored (may be null) when the mode is {@code off}
     * @param minimumCount a password seen at least this often is breached (1 or more)
     */
    public BreachCheck(Mode mode, BreachSource source, long minimumCount, FailureMode onFailure, BreachLookupCounters counters) {
        this.mode = Objects.requireNonNull(mode);
        this.source = mode == Mode.OFF ? null : Objects.requireNonNull(source, "a source for " + mode.wireName());
        if (minimumCount < 1) {
            throw new IllegalArgumentException("the minimum breach count must be 1 or more");
        }
        this.minimumCount = minimumCount;
        this.onFailure = Objects.requireNonNull(onFailure);
        this.counters = Objects.requireNonNull(counters);
    }

    public static BreachCheck off() {
        return new BreachCheck(Mode.OFF, null, 1, FailureMode.ALLOW, new BreachLookupCounters());
    }

    /** The same check with another minimum (a realm's own). */
    public BreachCheck withMinimumCount(long minimum) {
        return minimum == minimumCount ? this : new BreachCheck(mode, source, minimum, onFailure, counters);
    }

    public BreachResult check(CharSequence password) {
        if (mode == Mode.OFF) {
            return BreachResult.notChecked();
        }
        BreachResult result;
        try {
            long count = source.breachCount(PasswordSha1.of(password));
            result = count >= minimumCount ? BreachResult.breached(count) : BreachResult.notBreached(count);
        } catch (BreachLookupException e) {
            result = BreachResult.unknown(e.reason(), onFailure == FailureMode.DENY);
            LOG.warnf("Breached-password lookup failed (%s, source %s): %s. on-lookup-failure=%s, so the password is %s.",
                    e.reason(), mode.wireName(), e.getMessage(), onFailure.wireName(), result.rejected() ? "refused" : "accepted");
        }
        counters.record(result);
        return result;
    }

    public Mode mode() {
        return mode;
    }

    public long minimumCount() {
        return minimumCount;
    }

    public FailureMode onFailure() {
        return onFailure;
    }

    public BreachLookupCounters counters() {
        return counters;
    }
}
