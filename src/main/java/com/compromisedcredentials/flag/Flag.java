package com.compromisedcredentials.flag;

/**
 * A flag on one account: the record that its credentials are compromised and that its owner must reset
 * the password. Times are epoch milliseconds; a time is {@code null} until that change happens.
 *
 * @param evidence a reference to the evidence (a feed's record id, a ticket), never a secret
 * @param createdBy who or what created it: an admin's username, {@code ssf:<issuer>}, {@code password-check}
 * @param enforcementMode the realm's enforcement mode when the flag was created
 * @param resolution how the flag was resolved (e.g. {@code required-action}, {@code admin-password-reset})
 * @param notification what became of the email telling the user: {@code queued}, {@code sent}, {@code off},
 *                     or {@code skipped: <why>}
 */
public record Flag(
        String id,
        String realmId,
        String userId,
        String batchId,
        String source,
        ReasonCategory reason,
        String userMessage,
        String evidence,
        String createdBy,
        String enforcementMode,
        FlagState state,
        long createdAt,
        Long resolvedAt,
        String resolution,
        Long dismissedAt,
        String dismissedBy,
        Long revertedAt,
        String revertedBy,
        String notification) {

    public boolean isActive() {
        return state == FlagState.ACTIVE;
    }
}
