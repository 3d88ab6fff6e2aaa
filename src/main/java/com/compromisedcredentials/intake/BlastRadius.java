package com.compromisedcredentials.intake;

import java.util.Optional;

/**
 * The blast-radius limit of a realm: how many new flags may appear per hour and per 24 hours before a
 * batch is held for an admin. A batch that would cross either limit is held whole.
 */
public final class BlastRadius {

    /** The per-day limit never goes below this many users, so that a small realm still works. */
    public static final long MIN_PER_DAY = 10;

    /** @param perHour new flags allowed in any hour; @param percentPerDay share of the realm's users allowed per 24 h */
    public record Limits(long perHour, long percentPerDay) {
    }

    private BlastRadius() {
    }

    /** The per-24-hours limit for a realm of {@code realmUsers} users. */
    public static long dailyLimit(long realmUsers, long percentPerDay) {
        long share = (realmUsers * percentPerDay + 99) / 100; // rounded up
        return Math.max(MIN_PER_DAY, share);
    }

    /** Why a batch adding {@code newFlags} flags must be held by the hourly limit, or empty. */
    public static Optional<String> hourly(long newFlags, long lastHour, Limits limits) {
        if (newFlags > 0 && lastHour + newFlags > limits.perHour()) {
            return Optional.of(String.format("%d new flags would make %d in the last hour; the limit is %d per hour",
                    newFlags, lastHour + newFlags, limits.perHour()));
        }
        return Optional.empty();
    }

    /** Why a batch adding {@code newFlags} flags must be held by the 24-hour limit, or empty. */
    public static Optional<String> daily(long newFlags, long lastDay, long realmUsers, Limits limits) {
        long daily = dailyLimit(realmUsers, limits.percentPerDay());
        if (newFlags > 0 && lastDay + newFlags > daily) {
            return Optional.of(String.format("%d new flags would make %d in the last 24 hours; the limit is %d (%d%% of %d users, at least %d)",
                    newFlags, lastDay + newFlags, daily, limits.percentPerDay(), realmUsers, MIN_PER_DAY));
        }
        return Optional.empty();
    }
}
