package com.compromisedcredentials.policy;

import java.util.Optional;

/**
 * The first slice of a staged batch, as the policy's {@code canarySize} says it: a share of the batch's new flags
 * ({@code 2%}; never fewer than {@link #MIN_SHARE_ACCOUNTS} accounts) or a number of accounts ({@code 200}).
 */
public record CanarySize(boolean share, int value) {

    /** A share never makes a slice smaller than this: a few accounts say little about a feed. */
    public static final int MIN_SHARE_ACCOUNTS = 50;

    public static Optional<CanarySize> parse(String text) {
        String v = text == null ? "" : text.trim();
        try {
            if (v.endsWith("%")) {
                int percent = Integer.parseInt(v.substring(0, v.length() - 1).trim());
                return percent >= 1 && percent <= 100 ? Optional.of(new CanarySize(true, percent)) : Optional.empty();
            }
            int count = Integer.parseInt(v);
            return count >= 1 ? Optional.of(new CanarySize(false, count)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The slice of {@code candidates} new flags: a share rounded up and at least {@link #MIN_SHARE_ACCOUNTS}, or the count. */
    public int sliceOf(int candidates) {
        int size = share ? Math.max(MIN_SHARE_ACCOUNTS, (int) Math.ceil(candidates * value / 100.0)) : value;
        return Math.min(size, candidates);
    }
}
