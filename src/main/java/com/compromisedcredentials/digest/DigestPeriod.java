package com.compromisedcredentials.digest;

import java.util.Locale;
import java.util.Optional;

/**
 * The periods an admin digest reports on: UTC days, or ISO weeks (Monday 00:00 UTC to the next). {@code dayMillis}
 * is a day's length — a real day but in tests and demos, where a shorter one lets a digest come within the test.
 */
public record DigestPeriod(long from, long to) {

    /** How often a realm's digest goes out: the policy's {@code digestFrequency}. */
    public enum Frequency {
        OFF, DAILY, WEEKLY;

        public static Frequency of(String wireName) {
            return wireName == null ? OFF : switch (wireName.trim().toLowerCase(Locale.ROOT)) {
                case "daily" -> DAILY;
                case "weekly" -> WEEKLY;
                default -> OFF;
            };
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final long DAY_MILLIS = 86_400_000L;
    /** 1970-01-01 was a Thursday: ISO weeks begin four days later, on Monday 1970-01-05. */
    private static final int FIRST_MONDAY_DAYS = 4;

    /** The last period that ended at or before {@code now}; empty when the digest is off. */
    public static Optional<DigestPeriod> lastEnded(Frequency frequency, long now, long dayMillis) {
        if (frequency == Frequency.OFF) {
            return Optional.empty();
        }
        long length = frequency == Frequency.DAILY ? dayMillis : 7 * dayMillis;
        long origin = frequency == Frequency.DAILY ? 0 : FIRST_MONDAY_DAYS * dayMillis;
        long end = Math.floorDiv(now - origin, length) * length + origin;
        return Optional.of(new DigestPeriod(end - length, end));
    }
}
