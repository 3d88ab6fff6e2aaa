package com.compromisedcredentials.flag;

/**
 * What came of a batch's subjects, after duplicates were folded. {@code excludedNoPassword} is the part of
 * {@code excluded} that has no password a reset could replace (passkey-only accounts, identity-provider logins).
 */
public record BatchCounts(int received, int matched, int unmatched, int excluded, int newlyFlagged, int alreadyFlagged,
        int excludedNoPassword) {
}
