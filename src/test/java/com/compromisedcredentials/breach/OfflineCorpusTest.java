package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineCorpusTest {

    @TempDir
    static Path dir;

    private static GeneratedCorpus generated;
    private static Path index;

    @BeforeAll
    static void buildIndex() throws IOException {
        generated = new GeneratedCorpus(10_000, 5);
        index = dir.resolve("corpus.idx");
        new CorpusIndexBuilder(dir, 1_000_000, p -> { }).build(generated.writeSingleFile(dir.resolve("in.txt")), index);
    }

    @Test
    void findsEveryHashAndNoOther() throws IOException {
        try (OfflineCorpus corpus = OfflineCorpus.open(index)) {
            CorpusIndexBuilderTest.assertAnswers(generated, corpus);
            assertEquals(1, corpus.mappedChunks());
        }
    }

    @Test
    void aCorpusMappedInSeveralPiecesGivesTheSameAnswers() throws IOException {
        try (OfflineCorpus corpus = OfflineCorpus.open(index, 22 * 777)) {
            assertTrue(corpus.mappedChunks() > 10, "pieces: " + corpus.mappedChunks());
            CorpusIndexBuilderTest.assertAnswers(generated, corpus);
        }
    }

    @Test
    void theFirstAndLastPossibleHashesAreFound() throws IOException {
        byte[] zero = new byte[20];
        byte[] ones = new byte[20];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        Path input = Files.writeString(dir.resolve("edges.txt"),
                "0000000000000000000000000000000000000000:4\nFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:9\n");
        new CorpusIndexBuilder(dir, 1000, p -> { }).build(input, dir.resolve("edges.idx"));

        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("edges.idx"))) {
            assertEquals(4, corpus.count(zero));
            assertEquals(9, corpus.count(ones));
            zero[19] = 1;
            assertEquals(0, corpus.count(zero));
        }
    }

    @Test
    void lookupsFromManyThreadsAgree() throws Exception {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(generated.counts.entrySet());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (OfflineCorpus corpus = OfflineCorpus.open(index, 22 * 5000)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(threads.submit(() -> {
                    int wrong = 0;
                    for (int round = 0; round < 5; round++) {
                        for (int i = offset; i < entries.size(); i += 2) {
                            if (corpus.count(GeneratedCorpus.bytes(entries.get(i).getKey())) != entries.get(i).getValue()) {
                                wrong++;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFileThatIsNotAnIndexIsRefusedByName() throws IOException {
        Path text = Files.writeString(dir.resolve("pwned.txt"), "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n".repeat(10));

        IOException e = assertThrows(IOException.class, () -> OfflineCorpus.open(text));

        assertTrue(e.getMessage().contains("pwned.txt") && e.getMessage().contains("not a corpus index"), e.getMessage());
    }

    @Test
    void aTruncatedIndexIsRefused() throws IOException {
        Path copy = Files.copy(index, dir.resolve("truncated.idx"));
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.setLength(file.length() - 11);
        }

        IOException e = assertThrows(IOException.class, () -> OfflineCorpus.open(copy));

        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aDamagedPrefixTableIsRefused() throws IOException {
        Path copy = Files.copy(index, dir.resolve("damaged.idx"));
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.seek(CorpusIndexFormat.HEADER_BYTES + 8L * 1000);
            file.writeLong(Long.MAX_VALUE);
        }

        IOException e = assertThrows(IOException.class, () -> OfflineCorpus.open(copy));

        assertTrue(e.getMessage().contains("prefix table"), e.getMessage());
    }

    @Test
    void anEmptyCorpusAnswersZero() throws IOException {
        Path input = Files.writeString(dir.resolve("zero.txt"), "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:0\n");
        new CorpusIndexBuilder(dir, 1000, p -> { }).build(input, dir.resolve("zero.idx"));

        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("zero.idx"))) {
            assertEquals(0, corpus.size());
            assertEquals(0, corpus.breachCount(PasswordSha1.of("password")));
        }
    }
}
