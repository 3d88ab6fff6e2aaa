package com.compromisedcredentials.breach;

import java.util.Objects;

/**
 * The answer of a {@link BreachCheck} for one password: breached (with how often it was seen), not breached,
 * unknown (the lookup failed, with why), or not checked (the check is off). {@link #rejected()} says what the
 * caller must do with the password, the failure mode already applied.
 */
public final class BreachResult {

    /** What the lookup found. */
    public enum Status {
        /** Seen in breaches at least the minimum number of times. */
        BREACHED,
        /** Not seen, or seen fewer times than the minimum. */
        NOT_BREACHED,
        /** The source could not answer; {@link #failure()} says why. */
        UNKNOWN,
        /** The check is off: nothing was looked up. */
        NOT_CHECKED
    }

    private static final BreachResult NOT_CHECKED = new BreachResult(Status.NOT_CHECKED, 0, null, false);

    private final Status status;
    private final long count;
    private final BreachLookupException.Reason failure;
    private final boolean rejected;

    private BreachResult(Status status, long count, BreachLookupException.Reason failure, boolean rejected) {
        this.status = status;
        this.count = count;
        this.failure = failure;
        this.rejected = rejected;
    }

    public static BreachResult breached(long count) {
        return new BreachResult(Status.BREACHED, count, null, true);
    }

    /** @param count how often it was seen, below the minimum (0 when never) */
    public static BreachResult notBreached(long count) {
        return new BreachResult(Status.NOT_BREACHED, count, null, false);
    }

    /** @param rejected whether the failure mode refuses passwords that could not be checked */
    public static BreachResult unknown(BreachLookupException.Reason failure, boolean rejected) {
        return new BreachResult(Status.UNKNOWN, 0, Objects.requireNonNull(failure), rejected);
    }

    public static BreachResult notChecked() {
        return NOT_CHECKED;
    }

    public Status status() {
        return status;
    }

    /** How often the password was seen in breaches (0 when unknown or not checked). */
    public long count() {
        return count;
    }

    /** Why the lookup failed; {@code null} unless {@link Status#UNKNOWN}. */
    public BreachLookupException.Reason failure() {
        return failure;
    }

    /** Whether the password must be refused: breached, or unknown while the failure mode is {@code deny}. */
    public boolean rejected() {
        return rejected;
    }

    /** Status and failure only: the count would hint at which password it was. */
    @Override
    public String toString() {
        return status == Status.UNKNOWN ? "UNKNOWN(" + failure + (rejected ? ", rejected)" : ", allowed)") : status.name();
    }
}
