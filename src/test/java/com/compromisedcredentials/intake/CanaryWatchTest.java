package com.compromisedcredentials.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import com.compromisedcredentials.flag.FlagStore.CanaryHealth;
import com.compromisedcredentials.policy.CanarySize;
import org.junit.jupiter.api.Test;

class CanaryWatchTest {

    @Test
    void aHealthySliceCrossesNothing() {
        assertTrue(CanaryWatch.crossed(new CanaryHealth(100, 100, 50, 10, 10, 30), 50, 10, 10).isEmpty(),
                "at the limits, not over them");
        assertTrue(CanaryWatch.crossed(new CanaryHealth(0, 0, 0, 0, 0, 0), 50, 10, 10).isEmpty(), "an empty slice");
    }

    @Test
    void eachLimitCrossedSaysWhichAndByHowMuch() {
        Optional<String> differs = CanaryWatch.crossed(new CanaryHealth(60, 40, 21, 0, 0, 0), 50, 10, 10);
        assertEquals("leaked passwords that proved not to be the account's: 21 of 40 (52 %), over canaryMaxDiffersPercent 50 %",
                differs.orElseThrow());
        assertTrue(CanaryWatch.crossed(new CanaryHealth(50, 0, 0, 6, 0, 0), 50, 10, 10).orElseThrow()
                .startsWith("flag emails that bounced or were given up: 6 of 50"));
        assertTrue(CanaryWatch.crossed(new CanaryHealth(6, 0, 0, 0, 1, 0), 50, 10, 10).orElseThrow()
                .startsWith("flags dismissed by admins: 1 of 6 (16 %)"));
    }

    @Test
    void aSliceIsAShareOfAtLeastFiftyOrACount() {
        assertEquals(50, CanarySize.parse("2%").orElseThrow().sliceOf(1_001), "2 % of 1 001 is 21: at least 50");
        assertEquals(200, CanarySize.parse("2%").orElseThrow().sliceOf(10_000));
        assertEquals(30, CanarySize.parse("2%").orElseThrow().sliceOf(30), "never more than there are");
        assertEquals(6, CanarySize.parse(" 6 ").orElseThrow().sliceOf(30));
        for (String wrong : new String[] {"", "0", "0%", "101%", "-5", "2.5%", "some"}) {
            assertTrue(CanarySize.parse(wrong).isEmpty(), wrong);
        }
    }
}
