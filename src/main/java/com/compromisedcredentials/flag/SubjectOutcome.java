package com.compromisedcredentials.flag;

/** What became of one subject of a batch. */
public enum SubjectOutcome {
    /** Matched an account that had no active flag: a flag was (or, for a preview or held batch, would be) created. */
    NEWLY_FLAGGED,
    /**
     * Matched an account without an open flag, and carried the leaked password, with leak verification on: a
     * SUSPECTED flag was (or would be) created, which reaches the user only once the password proves to be current.
     */
    NEWLY_SUSPECTED,
    /**
     * Matched an account whose flag was SUSPECTED, by a signal that needs no verification (it carried no password, or
     * verification is off): the flag became ACTIVE and reaches the user now. Counted as newly flagged.
     */
    ESCALATED,
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
    NO_PASSWORD,
    /** Of a staged batch, not in its first slice: waits, unflagged, for the watch window (or an admin) to apply it. */
    STAGED,
    /** Of a staged batch, the rest an admin dropped (or a revert of the slice ended): never applied. */
    DROPPED
}
