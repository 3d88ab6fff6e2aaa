package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusIndexBuilderTest {

    private static final String A = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"; // "password"
    private static final String B = "7C4A8D09CA3762AF61E59520943DC26494F8941B"; // "123456"
    private static final String C = "B1B3773A05C0ED0176787A4F1574FF0075F7521E"; // "qwerty"

    @TempDir
    Path dir;

    private CorpusIndexBuilder.Result build(Path input, Path output) throws IOException {
        return builder(CorpusIndexBuilder.defaultRecordsInMemory()).build(input, output);
    }

    private CorpusIndexBuilder builder(long recordsInMemory) {
        return new CorpusIndexBuilder(dir.resolve("tmp"), recordsInMemory, progress -> { });
    }

    @Test
    void aSingleFileInAnyOrderCaseAndLineEndingIsIndexed() throws IOException {
        Path input = Files.writeString(dir.resolve("pwned.txt"),
                "\uFEFF" + B + ":37359195\r\n"
                        + GeneratedCorpus.lower(A) + ":9659365\n"
                        + "\r\n"
                        + C.substring(0, 20) + GeneratedCorpus.lower(C.substring(20)) + ":3946737\r\n"
                        + "0000000000000000000000000000000000000000:0\n",
                StandardCharsets.UTF_8);

        CorpusIndexBuilder.Result result = build(input, dir.resolve("pwned.idx"));

        assertEquals(3, result.hashes());
        assertEquals(1, result.zeroCountLines());
        assertEquals(CorpusIndexFormat.fileSize(3), result.indexBytes());
        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("pwned.idx"))) {
            assertEquals(3, corpus.size());
            assertEquals(9_659_365, corpus.breachCount(PasswordSha1.of("password")));
            assertEquals(37_359_195, corpus.breachCount(PasswordSha1.of("123456")));
            assertEquals(3_946_737, corpus.breachCount(PasswordSha1.of("qwerty")));
            assertEquals(0, corpus.breachCount(PasswordSha1.of("correct horse battery staple")));
            assertEquals(0, corpus.count(new byte[20]), "count-0 lines are not breaches");
        }
    }

    @Test
    void aHashListedTwiceKeepsItsLargestCount() throws IOException {
        Path input = Files.writeString(dir.resolve("dups.txt"), A + ":5\n" + B + ":1\n" + GeneratedCorpus.lower(A) + ":12\n" + A + ":7\n");

        CorpusIndexBuilder.Result result = build(input, dir.resolve("dups.idx"));

        assertEquals(2, result.hashes());
        assertEquals(2, result.duplicatesMerged());
        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("dups.idx"))) {
            assertEquals(12, corpus.breachCount(PasswordSha1.of("password")));
        }
    }

    @Test
    void aGeneratedCorpusGivesTheSameAnswersFromBothLayouts() throws IOException {
        GeneratedCorpus generated = new GeneratedCorpus(2_000, 42);
        Path single = generated.writeSingleFile(dir.resolve("single.txt"));
        Path folder = generated.writeFolder(dir.resolve("ranges"));
        Files.writeString(folder.resolve("README.md"), "not a range file");

        build(single, dir.resolve("single.idx"));
        CorpusIndexBuilder.Result fromFolder = build(folder, dir.resolve("folder.idx"));

        assertEquals(2_000, fromFolder.hashes());
        assertEquals(2_000, fromFolder.lines());
        for (Path index : List.of(dir.resolve("single.idx"), dir.resolve("folder.idx"))) {
            try (OfflineCorpus corpus = OfflineCorpus.open(index)) {
                assertAnswers(generated, corpus);
            }
        }
        assertArrayEquals(afterHeader(dir.resolve("single.idx")), afterHeader(dir.resolve("folder.idx")));
    }

    @Test
    void aLowerCaseRangeFileNameIsAccepted() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("lower"));
        Files.writeString(folder.resolve("5baa6.txt"), A.substring(5) + ":3\r\n");

        build(folder, dir.resolve("lower.idx"));

        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("lower.idx"))) {
            assertEquals(3, corpus.breachCount(PasswordSha1.of("password")));
        }
    }

    @Test
    void withLittleMemoryPartitionsAreSplitAgainAndTheIndexIsTheSame() throws IOException {
        GeneratedCorpus generated = new GeneratedCorpus(3_000, 7);
        Path input = generated.writeSingleFile(dir.resolve("in.txt"));

        build(input, dir.resolve("roomy.idx"));
        CorpusIndexBuilder.Result tight = builder(6).build(input, dir.resolve("tight.idx"));

        assertEquals(3_000, tight.hashes());
        assertArrayEquals(afterHeader(dir.resolve("roomy.idx")), afterHeader(dir.resolve("tight.idx")));
    }

    @Test
    void manyCopiesOfOneHashBeyondTheMemoryBudgetBecomeOneRecord() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            lines.append(A).append(':').append(i).append('\n');
        }
        lines.append(B).append(":2\n");
        Path input = Files.writeString(dir.resolve("same.txt"), lines);

        CorpusIndexBuilder.Result result = builder(10).build(input, dir.resolve("same.idx"));

        assertEquals(2, result.hashes());
        assertEquals(299, result.duplicatesMerged());
        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("same.idx"))) {
            assertEquals(300, corpus.breachCount(PasswordSha1.of("password")));
            assertEquals(2, corpus.breachCount(PasswordSha1.of("123456")));
        }
    }

    @Test
    void aMalformedLineStopsTheBuildNamingFileAndLine() throws IOException {
        Path input = Files.writeString(dir.resolve("bad.txt"), A + ":1\r\n" + B + ":2\r\n" + "8846F7EAEE8FB117AD06BDD830B7586C:5\r\n");

        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> build(input, dir.resolve("bad.idx")));

        assertEquals("bad.txt", e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad.txt line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("8846F7EAEE8FB117AD06BDD830B7586C:5"), "shows the line: " + e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad.idx")), "no index from a failed build");
        assertFalse(Files.exists(dir.resolve("bad.idx.partial")));
    }

    @Test
    void otherMalformedLinesAreRejectedToo() throws IOException {
        for (String bad : List.of(A + ":", A + ":12x", A + " 12", "G" + A.substring(1) + ":1", A + A + ":1", A.substring(5) + ":1")) {
            Path input = Files.writeString(dir.resolve("bad.txt"), B + ":1\n" + bad + "\n");
            CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> build(input, dir.resolve("bad.idx")), bad);
            assertEquals(2, e.line(), bad);
        }
    }

    @Test
    void aRangeFileWithWholeHashesIsRejected() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("ranges"));
        Files.writeString(folder.resolve("5BAA6.txt"), A + ":3\n");

        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> build(folder, dir.resolve("r.idx")));

        assertEquals("5BAA6.txt", e.file());
        assertTrue(e.getMessage().contains("35 hex digits"), e.getMessage());
    }

    @Test
    void aFolderWithoutRangeFilesIsRejected() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(folder.resolve("notes.txt"), "hello");

        IOException e = assertThrows(IOException.class, () -> build(folder, dir.resolve("e.idx")));

        assertTrue(e.getMessage().contains("XXXXX.txt"), e.getMessage());
    }

    @Test
    void temporaryFilesAreRemoved() throws IOException {
        Path input = new GeneratedCorpus(1_000, 3).writeSingleFile(dir.resolve("in.txt"));

        builder(50).build(input, dir.resolve("out.idx"));

        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void theCommandRunsWithOnlyTheJdkAndTheExtensionClasses() throws Exception {
        Path input = new GeneratedCorpus(5_000, 11).writeSingleFile(dir.resolve("in.txt"));
        Path classes = Path.of(CorpusIndexBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        Process ok = command(classes, input.toString(), dir.resolve("cmd.idx").toString());
        String printed = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, ok.waitFor(), printed);
        assertTrue(printed.contains("5,000 hashes"), printed);
        assertTrue(printed.contains("bytes a hash"), printed);
        try (OfflineCorpus corpus = OfflineCorpus.open(dir.resolve("cmd.idx"))) {
            assertEquals(5_000, corpus.size());
        }

        Path bad = Files.writeString(dir.resolve("bad.txt"), A + ":1\nnot a hash\n");
        Process failed = command(classes, bad.toString(), dir.resolve("bad.idx").toString());
        failed.getInputStream().readAllBytes();
        assertEquals(1, failed.waitFor());

        Process usage = command(classes);
        usage.getInputStream().readAllBytes();
        assertEquals(2, usage.waitFor());
    }

    private Process command(Path classes, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", classes.toString(), CorpusIndexBuilder.class.getName()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.waitFor(60, TimeUnit.SECONDS);
        return process;
    }

    static void assertAnswers(GeneratedCorpus generated, OfflineCorpus corpus) {
        assertEquals(generated.counts.size(), corpus.size());
        for (Map.Entry<String, Long> e : generated.counts.entrySet()) {
            assertEquals(e.getValue(), corpus.count(GeneratedCorpus.bytes(e.getKey())), e.getKey());
        }
        for (byte[] absent : generated.absent) {
            assertEquals(0, corpus.count(absent));
        }
    }

    /** The index without its header, which holds the build time. */
    private static byte[] afterHeader(Path index) throws IOException {
        byte[] all = Files.readAllBytes(index);
        return Arrays.copyOfRange(all, CorpusIndexFormat.HEADER_BYTES, all.length);
    }
}
