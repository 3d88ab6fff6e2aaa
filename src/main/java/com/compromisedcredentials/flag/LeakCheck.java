package com.compromisedcredentials.flag;

/** What the check of a SUSPECTED flag against the password typed at login found. */
public enum LeakCheck {
    /** The leaked password is the current one: the flag is ACTIVE now, the reset starts in this login. */
    CONFIRMED,
    /**
     * The {@code immediate} check found the leaked password current: the flag stays SUSPECTED ({@code matched}) until
     * the batch's matches go through the blast-radius guard together, as one batch.
     */
    MATCHED,
    /** The current password is another: the flag ended DISMISSED with resolution {@code password-differs}. */
    DIFFERS,
    /** The suspicion was older than the realm allows: it ended DISMISSED with resolution {@code suspicion-expired}. */
    EXPIRED,
    /** The user had no SUSPECTED flag (any more): nothing changed. */
    NOT_SUSPECTED;

    /** The resolution of a suspicion that the login showed to be wrong. */
    public static final String PASSWORD_DIFFERS = "password-differs";
    /** The resolution of a suspicion that saw no password login in time. */
    public static final String EXPIRED_RESOLUTION = "suspicion-expired";
    /** Who ends or confirms suspicions (dismissedBy, evidence). */
    public static final String ACTOR = "leak-verification";
}
