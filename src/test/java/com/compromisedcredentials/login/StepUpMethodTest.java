package com.compromisedcredentials.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StepUpMethodTest {

    private static StepUpMethod choose(boolean secondFactorUsed, boolean noPassword, boolean otp, boolean email, boolean fallbackReset) {
        return StepUpMethod.choose(new StepUpMethod.Facts(secondFactorUsed, noPassword, otp, email, fallbackReset));
    }

    @Test
    void theStrongestProofAvailableWins() {
        assertEquals(StepUpMethod.ALREADY_PROVEN, choose(true, false, true, true, false));
        assertEquals(StepUpMethod.ALREADY_PROVEN, choose(false, true, false, false, false));
        assertEquals(StepUpMethod.OTP, choose(false, false, true, true, false));
        assertEquals(StepUpMethod.EMAIL_CODE, choose(false, false, false, true, false));
    }

    @Test
    void withNothingTheFallbackDecides() {
        assertEquals(StepUpMethod.BLOCKED, choose(false, false, false, false, false));
        assertEquals(StepUpMethod.PLAIN_RESET, choose(false, false, false, false, true));
    }
}
