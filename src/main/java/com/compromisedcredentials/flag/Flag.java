package com.compromisedcredentials.flag;

import java.util.Locale;

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
 * @param emailAtFlag the account's address when it was flagged, if it was verified then (lower case), else null:
 *                    the only address a step-up code or reset link for this flag may go to
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
        String notification,
        String emailAtFlag) {

    public boolean isActive() {
        return state == FlagState.ACTIVE;
    }

    /** What a new flag keeps as {@code emailAtFlag} of an account's address: lower case if verified, else null. */
    public static String emailAtFlag(String email, boolean verified) {
        return verified && email != null ? email.toLowerCase(Locale.ROOT) : null;
    }

    /** Whether {@code email} is the verified address the account had when flagged. */
    public boolean isEmailAtFlag(String email) {
        return emailAtFlag != null && email != null && emailAtFlag.equalsIgnoreCase(email.trim());
    }
}
