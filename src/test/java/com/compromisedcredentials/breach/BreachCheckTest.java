package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

class BreachCheckTest {

    private final BreachLookupCounters counters = new BreachLookupCounters();

    private BreachCheck check(BreachSource source, long minimum, BreachCheck.FailureMode onFailure) {
        return new BreachCheck(BreachCheck.Mode.HIBP_API, source, minimum, onFailure, counters);
    }

    @Test
    void aPasswordSeenAtLeastTheMinimumIsBreachedWithItsCount() {
        BreachCheck check = check(hash -> 12, 10, BreachCheck.FailureMode.ALLOW);

        BreachResult result = check.check("hunter2");

        assertEquals(BreachResult.Status.BREACHED, result.status());
        assertEquals(12, result.count());
        assertTrue(result.rejected());
        assertEquals(1, counters.breached());
    }

    @Test
    void aPasswordSeenLessThanTheMinimumOrNeverIsNotBreached() {
        BreachResult fewer = check(hash -> 9, 10, BreachCheck.FailureMode.DENY).check("hunter2");
        BreachResult never = check(hash -> 0, 1, BreachCheck.FailureMode.DENY).check("hunter2");

        assertEquals(BreachResult.Status.NOT_BREACHED, fewer.status());
        assertEquals(9, fewer.count());
        assertFalse(fewer.rejected());
        assertEquals(BreachResult.Status.NOT_BREACHED, never.status());
        assertEquals(2, counters.notBreached());
    }

    @Test
    void aRealmsMinimumIsACopySharingSourceAndCounters() {
        BreachCheck base = check(hash -> 5, 1, BreachCheck.FailureMode.ALLOW);

        assertSame(base, base.withMinimumCount(1));
        assertEquals(BreachResult.Status.NOT_BREACHED, base.withMinimumCount(6).check("x").status());
        assertEquals(BreachResult.Status.BREACHED, base.check("x").status());
        assertEquals(1, counters.breached());
        assertEquals(1, counters.notBreached());
        assertThrows(IllegalArgumentException.class, () -> base.withMinimumCount(0));
    }

    @Test
    void theSourceIsAskedWithThePasswordsSha1() {
        AtomicReference<PasswordSha1> asked = new AtomicReference<>();
        check(hash -> {
            asked.set(hash);
            return 0;
        }, 1, BreachCheck.FailureMode.ALLOW).check("password");

        assertEquals("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8", asked.get().hex());
    }

    @Test
    void aLookupFailureIsUnknownAllowedByDefaultCountedAndLoggedWithoutThePassword() {
        List<LogRecord> logged = capture(() -> {
            BreachResult result = check(failing(BreachLookupException.Reason.TIMEOUT), 1, BreachCheck.FailureMode.ALLOW)
                    .check("Tr0ub4dor&3");

            assertEquals(BreachResult.Status.UNKNOWN, result.status());
            assertEquals(BreachLookupException.Reason.TIMEOUT, result.failure());
            assertFalse(result.rejected());
        });

        assertEquals(1, counters.failures());
        assertEquals(1, counters.failures(BreachLookupException.Reason.TIMEOUT));
        assertEquals(1, logged.size());
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        String message = logged.get(0).getMessage();
        assertTrue(message.contains("TIMEOUT") && message.contains("accepted"), message);
        String hex = PasswordSha1.of("Tr0ub4dor&3").hex();
        assertFalse(message.contains("Tr0ub4dor&3") || message.contains(hex.substring(0, 5))
                || message.toUpperCase().contains(hex.substring(5, 15)), message);
    }

    @Test
    void underDenyAPasswordThatCannotBeCheckedIsRefused() {
        BreachResult result = check(failing(BreachLookupException.Reason.HTTP_STATUS), 1, BreachCheck.FailureMode.DENY)
                .check("anything");

        assertEquals(BreachResult.Status.UNKNOWN, result.status());
        assertTrue(result.rejected());
        assertEquals(1, counters.failures(BreachLookupException.Reason.HTTP_STATUS));
    }

    @Test
    void offChecksNothing() {
        BreachCheck off = new BreachCheck(BreachCheck.Mode.OFF, null, 1, BreachCheck.FailureMode.DENY, counters);

        BreachResult result = off.check("password");

        assertEquals(BreachResult.Status.NOT_CHECKED, result.status());
        assertFalse(result.rejected());
        assertEquals(0, counters.breached() + counters.notBreached() + counters.failures());
    }

    @Test
    void modesAndFailureModesAreReadAsAdminsWriteThem() {
        assertEquals(BreachCheck.Mode.OFFLINE_CORPUS, BreachCheck.Mode.of("offline-corpus"));
        assertEquals(BreachCheck.Mode.OFF, BreachCheck.Mode.of("off"));
        assertEquals(BreachCheck.FailureMode.DENY, BreachCheck.FailureMode.of("deny"));
        assertThrows(IllegalArgumentException.class, () -> BreachCheck.Mode.of("HIBP"));
    }

    @Test
    void aResultInTextShowsNeitherCountNorHash() {
        assertEquals("BREACHED", BreachResult.breached(37_359_195).toString());
        assertEquals("UNKNOWN(TIMEOUT, rejected)", BreachResult.unknown(BreachLookupException.Reason.TIMEOUT, true).toString());
        assertNull(BreachResult.breached(1).failure());
    }

    private static BreachSource failing(BreachLookupException.Reason reason) {
        return hash -> {
            throw new BreachLookupException(reason, "api.pwnedpasswords.com answered badly");
        };
    }

    /** The JDK log records of BreachCheck while {@code action} runs (JBoss Logging writes to JUL in tests). */
    static List<LogRecord> capture(Runnable action) {
        Logger logger = Logger.getLogger(BreachCheck.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return records;
    }
}
