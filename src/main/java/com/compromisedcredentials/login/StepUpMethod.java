package com.compromisedcredentials.login;

/**
 * How a flagged user proves it is them before choosing a new password, in {@code step-up-reset} mode.
 * Someone holding only the leaked password must not get through, so the proof is something the password
 * does not give: a second factor the user had before the flag, or a code sent to their verified email.
 */
public enum StepUpMethod {
    /** This login already used a second factor, or no password at all (a passkey): proven. */
    ALREADY_PROVEN,
    /** A code from the authenticator app the user set up before the flag. */
    OTP,
    /** A one-time code sent to the user's verified email address. */
    EMAIL_CODE,
    /** Neither is available and the policy's fallback is to block: the user must contact support. */
    BLOCKED,
    /** Neither is available and the policy allows a plain reset (weaker, chosen by the admin). */
    PLAIN_RESET;

    /** What the user has, as seen at this login. */
    public record Facts(boolean secondFactorUsedThisLogin, boolean loggedInWithoutPassword, boolean otpBeforeFlag,
            boolean verifiedEmail, boolean fallbackIsReset) {
    }

    public static StepUpMethod choose(Facts facts) {
        if (facts.secondFactorUsedThisLogin() || facts.loggedInWithoutPassword()) {
            return ALREADY_PROVEN;
        }
        if (facts.otpBeforeFlag()) {
            return OTP;
        }
        if (facts.verifiedEmail()) {
            return EMAIL_CODE;
        }
        return facts.fallbackIsReset() ? PLAIN_RESET : BLOCKED;
    }
}
