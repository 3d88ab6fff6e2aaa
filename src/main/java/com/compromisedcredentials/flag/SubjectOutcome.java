package com.compromisedcredentials.flag;

/** What became of one subject of a batch. */
public enum SubjectOutcome {
    /** Matched an account that had no active flag: a flag was (or, for a preview or held batch, would be) created. */
    NEWLY_FLAGGED,
    /** Matched an account that already had an active flag: the signal was added to its evidence. */
    ALREADY_FLAGGED,
    /** Matched no account. */
    UNMATCHED,
    /** Matched an account that is never flagged (a service account, a break-glass group member). */
    EXCLUDED,
    /**
     * Matched an account without a password (passkey-only, or one that only signs in through an identity provider):
     * a password reset cannot help it, so it is not flagged for a password compromise. Counted as excluded.
     */
    NO_PASSWORD
}
