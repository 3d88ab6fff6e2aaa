package com.compromisedcredentials.loginsignal;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The evidence a login-events batch carries: what was detected, from where, and the window's counts. Never a
 * password, a username key or anything a user typed; at most {@value #MAX} characters.
 */
final class Evidence {

    static final int MAX = 2000;

    private Evidence() {
    }

    static String attack(Detection d, long windowMillis, int accounts) {
        String what = d.kind() == DetectionKind.PASSWORD_SPRAYING ? "Password spraying" : "Credential stuffing";
        String counted = d.kind() == DetectionKind.PASSWORD_SPRAYING ? "existing accounts" : "usernames";
        return cut(what + " from " + d.bucket() + ", detected " + Instant.ofEpochMilli(d.detectedAt()) + ": failed logins for "
                + d.usernames() + " " + counted + " (" + d.failures() + " failed logins) within " + windowMillis / 60_000
                + " minutes. " + accounts + (accounts == 1 ? " account" : " accounts")
                + " logged in successfully from there during the attack.");
    }

    static String listed(List<WindowAggregator.Success> logins) {
        Set<String> lines = new LinkedHashSet<>();
        for (WindowAggregator.Success s : logins) {
            lines.add(s.address() + " (entry " + s.listEntry() + " of " + s.listSource() + ")");
        }
        return cut("Successful logins from addresses on threat-intel lists: " + String.join("; ", lines) + ".");
    }

    private static String cut(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
