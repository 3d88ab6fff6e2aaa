package com.compromisedcredentials.flag;

/**
 * Where a flag is in its life. Only {@link #ACTIVE} forces a reset. {@link #SUSPECTED} waits for the leaked password
 * it came with to be checked against the account's current one (no email, no revocation, no reset): it becomes ACTIVE
 * or ends DISMISSED. It holds the user's one open-flag slot like ACTIVE. The others are final.
 */
public enum FlagState {
    ACTIVE,
    SUSPECTED,
    RESOLVED,
    DISMISSED,
    REVERTED
}
