package com.compromisedcredentials.support.web;

import java.time.Instant;

/** How the admin API writes a moment: ISO-8601 in UTC ({@code 2026-12-02T03:04:05.678Z}). */
public final class IsoTime {

    private IsoTime() {
    }

    public static String of(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
