package com.compromisedcredentials.loginsignal;

import java.util.Optional;

/**
 * The detection rules, as plain functions of one address bucket's counts over a window (unit-tested without a
 * server). Both need most of the bucket's logins to have failed ({@code loginSignalsMinFailurePercent}), so that an
 * office or NAT address where many people log in and a few mistype is never an attack.
 * <ul>
 * <li><b>credential stuffing</b>: failed logins for at least {@code loginSignalsStuffingMinUsernames} distinct
 * usernames, existing or not, within the stuffing window;</li>
 * <li><b>password spraying</b>: failed logins for at least {@code loginSignalsSprayingMinAccounts} distinct
 * existing accounts within the spraying window, with at most {@code loginSignalsSprayingMaxAttemptsPerAccount}
 * failures per account on average.</li>
 * </ul>
 */
public final class AttackRules {

    /**
     * One bucket's counts over a window.
     *
     * @param usernames distinct usernames (or accounts) with failed logins
     * @param failures failed logins
     * @param successes successful logins
     */
    public record Counts(long usernames, long failures, long successes) {
    }

    private AttackRules() {
    }

    public static boolean stuffing(Counts all, LoginSignalPolicy policy) {
        return all.usernames() >= policy.stuffingMinUsernames() && mostlyFailures(all, policy);
    }

    /** @param known counts of failed logins that named existing accounts */
    public static boolean spraying(Counts known, LoginSignalPolicy policy) {
        return known.usernames() >= policy.sprayingMinAccounts()
                && known.failures() <= known.usernames() * policy.sprayingMaxAttemptsPerAccount()
                && mostlyFailures(known, policy);
    }

    /** The rule the counts meet, stuffing first. */
    public static Optional<DetectionKind> detect(Counts stuffingWindow, Counts sprayingWindowKnown, LoginSignalPolicy policy) {
        if (stuffingWindow != null && stuffing(stuffingWindow, policy)) {
            return Optional.of(DetectionKind.CREDENTIAL_STUFFING);
        }
        if (sprayingWindowKnown != null && spraying(sprayingWindowKnown, policy)) {
            return Optional.of(DetectionKind.PASSWORD_SPRAYING);
        }
        return Optional.empty();
    }

    private static boolean mostlyFailures(Counts counts, LoginSignalPolicy policy) {
        long total = counts.failures() + counts.successes();
        return total > 0 && counts.failures() * 100 >= policy.minFailurePercent() * total;
    }
}
