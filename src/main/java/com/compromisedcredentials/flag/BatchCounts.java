package com.compromisedcredentials.flag;

/**
 * What came of a batch's subjects, after duplicates were folded. {@code excludedNoPassword} is the part of
 * {@code excluded} that has no password a reset could replace (passkey-only accounts, identity-provider logins).
 * {@code suspected} counts the new SUSPECTED flags (not in {@code newlyFlagged}: they reach nobody until verified);
 * {@code withPassword} the matched accounts whose subject carried a leaked password. {@code passwordlessSignedOut}:
 * of {@code excludedNoPassword}, those signed out when the batch was applied (policy {@code revokeSessionsForPasswordless}).
 * {@code staged}: of a staged batch, the new flags and suspicions waiting for the rest to be applied.
 */
public record BatchCounts(int received, int matched, int unmatched, int excluded, int newlyFlagged, int alreadyFlagged,
        int excludedNoPassword, int suspected, int withPassword, int passwordlessSignedOut, int staged) {

    public BatchCounts(int received, int matched, int unmatched, int excluded, int newlyFlagged, int alreadyFlagged,
            int excludedNoPassword, int suspected, int withPassword, int passwordlessSignedOut) {
        this(received, matched, unmatched, excluded, newlyFlagged, alreadyFlagged, excludedNoPassword, suspected,
                withPassword, passwordlessSignedOut, 0);
    }

    public BatchCounts(int received, int matched, int unmatched, int excluded, int newlyFlagged, int alreadyFlagged,
            int excludedNoPassword, int suspected, int withPassword) {
        this(received, matched, unmatched, excluded, newlyFlagged, alreadyFlagged, excludedNoPassword, suspected,
                withPassword, 0);
    }

    public BatchCounts(int received, int matched, int unmatched, int excluded, int newlyFlagged, int alreadyFlagged,
            int excludedNoPassword) {
        this(received, matched, unmatched, excluded, newlyFlagged, alreadyFlagged, excludedNoPassword, 0, 0);
    }
}
