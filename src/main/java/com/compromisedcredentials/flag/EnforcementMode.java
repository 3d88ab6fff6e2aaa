package com.compromisedcredentials.flag;

import com.compromisedcredentials.support.web.WireName;

/** How a flag is enforced at login. Recorded on each flag as it was when the flag was created. */
public enum EnforcementMode implements WireName {
    /** A second proof (OTP, passkey or an emailed code), then a new password. */
    STEP_UP_RESET("step-up-reset"),
    /** Straight to the new-password page. */
    RESET("reset"),
    /** The password login is refused and the user is emailed a reset link. */
    BLOCK_AND_EMAIL("block-and-email");

    private final String wireName;

    EnforcementMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
