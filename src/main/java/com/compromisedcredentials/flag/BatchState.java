package com.compromisedcredentials.flag;

/** The state of a batch of signals; see the flag lifecycle in the README. */
public enum BatchState {
    /** Its subjects were flagged. */
    APPLIED,
    /** Over the realm's blast-radius limit: nothing flagged until an admin approves. */
    HELD,
    /** A dry run: counts only, nothing flagged. */
    PREVIEW,
    /** A held batch an admin dropped. */
    REJECTED,
    /** An applied batch undone: its still-active flags were reverted. */
    REVERTED,
    /**
     * Staged: a first random slice of its new flags was applied like any batch; the rest waits, unflagged, until the
     * watch window ends healthy (then it is applied through the blast-radius guard) or an admin decides.
     */
    CANARY,
    /** A staged batch whose slice crossed a health limit: nothing more is applied until an admin continues, reverts or drops the rest. */
    PAUSED
}
