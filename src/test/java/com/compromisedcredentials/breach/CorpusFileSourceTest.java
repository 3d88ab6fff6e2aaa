package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFileSourceTest {

    @TempDir
    Path dir;

    @Test
    void aCorpusCopiedIntoPlaceLaterIsPickedUpAfterThePause() throws IOException, BreachLookupException {
        Path index = dir.resolve("pwned.idx");
        AtomicLong clock = new AtomicLong();
        CorpusFileSource source = new CorpusFileSource(index, Duration.ofSeconds(60), clock::get);

        BreachLookupException missing = assertThrows(BreachLookupException.class, () -> source.breachCount(PasswordSha1.of("password")));
        assertEquals(BreachLookupException.Reason.CORPUS_UNAVAILABLE, missing.reason());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        new CorpusIndexBuilder(dir, 1000, p -> { }).build(
                Files.writeString(dir.resolve("in.txt"), "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n"), index);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThrows(BreachLookupException.class, () -> source.breachCount(PasswordSha1.of("password")), "not retried yet");

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(3, source.breachCount(PasswordSha1.of("password")));
        source.close();
    }
}
