package com.compromisedcredentials.breach;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns an offline copy of the Pwned Passwords list into the index that {@link OfflineCorpus} reads (format:
 * {@link CorpusIndexFormat}). For air-gapped sites; an admin runs it once per list update:
 * <pre>
 * java -Xmx2g -cp keycloak-compromised-credentials-&lt;version&gt;.jar \
 *     com.compromisedcredentials.breach.CorpusIndexBuilder pwnedpasswords.txt pwned.idx
 * </pre>
 * The input is what the official {@code haveibeenpwned-downloader} writes: one file of {@code SHA1:COUNT} lines,
 * or a folder of {@code XXXXX.txt} files of {@code SUFFIX:COUNT} lines (see {@link CorpusLineParser}). Lines may
 * come in any order; a hash listed twice keeps its largest count.
 *
 * <p>The heap stays bounded whatever the input size (the full list is about 10<sup>9</sup> hashes, 40 GB of
 * text): the hashes are first spread by their first byte over 256 temporary files (24 bytes a hash), then each
 * file is sorted in memory and appended to the index; a file too large for the heap is split again by its next
 * byte. Peak disk use is about 24 bytes a hash of temporary files plus the index as it grows (the temporary
 * files shrink as it does), and the index is written next to the output as {@code .partial} and renamed only
 * when complete. Only the JDK is needed on the class path.
 */
public final class CorpusIndexBuilder {

    /** Where a build is. */
    public enum Stage { READING, SORTING }

    /** A snapshot of a running build, for progress reports. */
    public record Progress(Stage stage, String where, long hashes, long bytesDone, long bytesTotal, Duration stageElapsed) {
    }

    /** Hears about a build's progress, often (every million hashes or so): throttle before printing. */
    public interface ProgressListener {
        void progress(Progress progress);
    }

    /** What a build did. */
    public record Result(long lines, long hashes, long duplicatesMerged, long zeroCountLines, long indexBytes, Duration elapsed) {
    }

    private static final Pattern RANGE_FILE = Pattern.compile("[0-9A-Fa-f]{5}\\.txt");
    private static final int TEMP_RECORD_BYTES = 24;
    private static final int PARTITIONS = 256;

    private record InputFile(Path path, String prefix) {
    }

    private final Path tempDir;
    private final long recordsInMemory;
    private final ProgressListener listener;

    /**
     * @param tempDir         where the temporary partition files go (a fresh folder is made and removed inside it)
     * @param recordsInMemory how many hashes may be sorted in memory at once (24 bytes each)
     */
    public CorpusIndexBuilder(Path tempDir, long recordsInMemory, ProgressListener listener) {
        if (recordsInMemory < 1) {
            throw new IllegalArgumentException("recordsInMemory must be positive");
        }
        this.tempDir = tempDir;
        this.recordsInMemory = Math.min(recordsInMemory, Integer.MAX_VALUE - 16L);
        this.listener = listener;
    }

    /** Half the free heap, 24 bytes a hash: the other half is headroom for the collector and the buffers. */
    public static long defaultRecordsInMemory() {
        long usable = Runtime.getRuntime().maxMemory() - 96L * 1024 * 1024;
        return Math.max(65_536, usable / (2L * TEMP_RECORD_BYTES));
    }

    /** A rough count of the hashes in {@code input} from its size, before reading it. */
    public static long estimateHashes(Path input) throws IOException {
        List<InputFile> files = inputFiles(input);
        long bytes = totalBytes(files);
        return bytes / (files.size() == 1 && files.get(0).prefix() == null ? 44 : 39);
    }

    public Result build(Path input, Path output) throws IOException {
        long started = System.nanoTime();
        List<InputFile> files = inputFiles(input);
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        Files.createDirectories(tempDir);
        Path work = Files.createTempDirectory(tempDir, "cc-corpus-");
        try {
            Reading reading = read(files, work);
            Sorting sorting = new Sorting(reading.hashes * TEMP_RECORD_BYTES);
            try (CorpusIndexWriter writer = new CorpusIndexWriter(partial)) {
                for (Path partition : reading.partitions) {
                    sorting.emit(partition, 1, writer);
                }
                writer.finish(Instant.now());
            }
            moveIntoPlace(partial, output);
            return new Result(reading.lines, sorting.written, sorting.duplicates, reading.zeroCounts, Files.size(output),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            deleteTree(work);
            Files.deleteIfExists(partial);
        }
    }

    private static List<InputFile> inputFiles(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(new InputFile(input, null));
        }
        if (!Files.isDirectory(input)) {
            throw new IOException(input + " is neither a file nor a folder");
        }
        List<InputFile> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(input)) {
            listing.filter(p -> RANGE_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().toUpperCase(Locale.ROOT)))
                    .forEach(p -> files.add(new InputFile(p, p.getFileName().toString().substring(0, 5).toUpperCase(Locale.ROOT))));
        }
        if (files.isEmpty()) {
            throw new IOException(input + " holds no range files named XXXXX.txt (five hex digits)");
        }
        return files;
    }

    private static long totalBytes(List<InputFile> files) throws IOException {
        long total = 0;
        for (InputFile file : files) {
            total += Files.size(file.path());
        }
        return total;
    }

    private static final class Reading {
        List<Path> partitions;
        long lines;
        long hashes;
        long zeroCounts;
    }

    private Reading read(List<InputFile> files, Path work) throws IOException {
        Reading reading = new Reading();
        long total = totalBytes(files);
        long stageStart = System.nanoTime();
        long[] bytesDone = {0};
        try (Partitions partitions = new Partitions(work.resolve("p"), 0)) {
            for (InputFile file : files) {
                String where = file.path().getFileName().toString();
                CorpusLineParser parser = new CorpusLineParser(where, file.prefix());
                try (InputStream in = Files.newInputStream(file.path())) {
                    parser.parse(in, (sha1, count) -> {
                        partitions.add(sha1, count);
                        if ((++reading.hashes & 0xFFFFF) == 0) {
                            report(Stage.READING, where, reading.hashes, bytesDone[0], total, stageStart);
                        }
                    }, n -> bytesDone[0] += n);
                }
                reading.lines += parser.lines();
                reading.zeroCounts += parser.zeroCounts();
                report(Stage.READING, where, reading.hashes, bytesDone[0], total, stageStart);
            }
            reading.partitions = partitions.files();
        }
        return reading;
    }

    /** Sorts partitions in SHA-1 order into the index, splitting those too big for memory. */
    private final class Sorting {
        final long bytesTotal;
        final long stageStart = System.nanoTime();
        long bytesDone;
        long written;
        long duplicates;

        Sorting(long bytesTotal) {
            this.bytesTotal = bytesTotal;
        }

        void emit(Path partition, int depth, CorpusIndexWriter writer) throws IOException {
            long size = Files.size(partition);
            long records = size / TEMP_RECORD_BYTES;
            if (records == 0) {
                Files.delete(partition);
                return;
            }
            if (records <= recordsInMemory) {
                sortInMemory(partition, (int) records, writer);
            } else if (depth == 20) {
                sameHash(partition, writer);
            } else {
                List<Path> parts;
                try (Partitions split = new Partitions(partition.resolveSibling(partition.getFileName() + "-"), depth)) {
                    forEachRecord(partition, split::add);
                    parts = split.files();
                }
                Files.delete(partition);
                for (Path part : parts) {
                    emit(part, depth + 1, writer);
                }
                return;
            }
            Files.delete(partition);
            bytesDone += size;
            String prefix = partition.getFileName().toString().substring(1).replace("-", "").toUpperCase(Locale.ROOT);
            report(Stage.SORTING, "prefix " + prefix, written, bytesDone, bytesTotal, stageStart);
        }

        private void sortInMemory(Path partition, int records, CorpusIndexWriter writer) throws IOException {
            HashCountArray entries = new HashCountArray(records);
            forEachRecord(partition, entries::add);
            entries.sortAndMerge();
            for (int i = 0; i < entries.size(); i++) {
                writer.write(entries.high(i), entries.middle(i), entries.tailAndCount(i));
            }
            written += entries.size();
            duplicates += records - entries.size();
        }

        /** Every record of a partition split down to all 20 bytes is the same hash: keep one, the largest count. */
        private void sameHash(Path partition, CorpusIndexWriter writer) throws IOException {
            byte[] first = new byte[20];
            long[] max = {-1};
            long[] records = {0};
            forEachRecord(partition, (sha1, offset, count) -> {
                if (records[0]++ == 0) {
                    System.arraycopy(sha1, offset, first, 0, 20);
                }
                max[0] = Math.max(max[0], count);
            });
            writer.write(HashCountArray.longAt(first, 0), HashCountArray.longAt(first, 8),
                    HashCountArray.tail(HashCountArray.intAt(first, 16), max[0]));
            written++;
            duplicates += records[0] - 1;
        }
    }

    private interface RecordConsumer {
        void accept(byte[] sha1, int offset, long count) throws IOException;
    }

    private static void forEachRecord(Path partition, RecordConsumer consumer) throws IOException {
        try (FileChannel in = FileChannel.open(partition, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(TEMP_RECORD_BYTES * 43_690);
            byte[] bytes = buffer.array();
            while (in.read(buffer) > 0 || buffer.position() > 0) {
                int whole = buffer.position() / TEMP_RECORD_BYTES * TEMP_RECORD_BYTES;
                for (int offset = 0; offset < whole; offset += TEMP_RECORD_BYTES) {
                    consumer.accept(bytes, offset, HashCountArray.intAt(bytes, offset + 20) & 0xFFFF_FFFFL);
                }
                buffer.flip().position(whole);
                buffer.compact();
                if (whole == 0) {
                    break;
                }
            }
        }
    }

    /** Up to 256 temporary files, a hash going to the one named by its byte {@code keyByte}, each made when first needed. */
    private static final class Partitions implements AutoCloseable {
        private final Path[] files = new Path[PARTITIONS];
        private final OutputStream[] outs = new OutputStream[PARTITIONS];
        private final byte[] record = new byte[TEMP_RECORD_BYTES];
        private final int keyByte;

        private final Path namePrefix;

        Partitions(Path namePrefix, int keyByte) {
            this.namePrefix = namePrefix;
            this.keyByte = keyByte;
        }

        void add(byte[] sha1, long count) throws IOException {
            add(sha1, 0, count);
        }

        void add(byte[] sha1, int offset, long count) throws IOException {
            System.arraycopy(sha1, offset, record, 0, 20);
            int c = (int) Math.min(count, HashCountArray.MAX_COUNT);
            record[20] = (byte) (c >>> 24);
            record[21] = (byte) (c >>> 16);
            record[22] = (byte) (c >>> 8);
            record[23] = (byte) c;
            int partition = sha1[offset + keyByte] & 0xFF;
            if (outs[partition] == null) {
                files[partition] = namePrefix.resolveSibling(namePrefix.getFileName() + String.format(Locale.ROOT, "%02x", partition));
                outs[partition] = new BufferedOutputStream(Files.newOutputStream(files[partition]), 64 * 1024);
            }
            outs[partition].write(record);
        }

        /** The files written to, in key order. */
        List<Path> files() {
            return Arrays.stream(files).filter(Objects::nonNull).toList();
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (OutputStream out : outs) {
                try {
                    if (out != null) {
                        out.close();
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void report(Stage stage, String where, long hashes, long bytesDone, long bytesTotal, long stageStart) {
        listener.progress(new Progress(stage, where, hashes, bytesDone, bytesTotal, Duration.ofNanos(System.nanoTime() - stageStart)));
    }

    private static void moveIntoPlace(Path partial, Path output) throws IOException {
        try {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The admin's command: {@code CorpusIndexBuilder <input> <output.idx> [--temp-dir DIR]}. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        Path input = null;
        Path output = null;
        Path temp = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--temp-dir") && i + 1 < args.length) {
                temp = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                input = null;
                output = null;
                break;
            } else if (input == null) {
                input = Path.of(args[i]);
            } else if (output == null) {
                output = Path.of(args[i]);
            } else {
                output = null;
                break;
            }
        }
        if (input == null || output == null) {
            System.err.println("usage: java -Xmx2g -cp keycloak-compromised-credentials.jar "
                    + CorpusIndexBuilder.class.getName() + " <input> <output.idx> [--temp-dir DIR]\n"
                    + "  <input>          the haveibeenpwned-downloader output: one file of SHA1:COUNT lines,\n"
                    + "                   or a folder of XXXXX.txt files of SUFFIX:COUNT lines\n"
                    + "  <output.idx>     the index to write (the corpus-path server option points at it)\n"
                    + "  --temp-dir DIR   where to put about 24 bytes a hash of temporary files (default: next to the output)");
            System.exit(2);
            return;
        }
        Path absoluteOutput = output.toAbsolutePath();
        Path tempDir = temp != null ? temp : absoluteOutput.getParent();
        try {
            long estimate = estimateHashes(input);
            long recordsInMemory = defaultRecordsInMemory();
            out.printf(Locale.ROOT, "input %s: about %,d hashes; sorting up to %,d at a time in %d MB of heap%n", input,
                    estimate, recordsInMemory, Runtime.getRuntime().maxMemory() >> 20);
            out.printf(Locale.ROOT, "needs about %.1f GB free in %s (temporary files and the index; %.1f GB free there now)%n",
                    (estimate * (double) TEMP_RECORD_BYTES + CorpusIndexFormat.TABLE_BYTES) / 1e9, tempDir,
                    Files.getFileStore(Files.createDirectories(tempDir)).getUsableSpace() / 1e9);
            Result result = new CorpusIndexBuilder(tempDir, recordsInMemory, new ConsoleProgress(out))
                    .build(input, absoluteOutput);
            out.printf(Locale.ROOT, "done in %s: %,d lines, %,d hashes (%,d duplicates merged, %,d lines with count 0 skipped)%n",
                    ConsoleProgress.duration(result.elapsed()), result.lines(), result.hashes(), result.duplicatesMerged(),
                    result.zeroCountLines());
            out.printf(Locale.ROOT, "wrote %s: %,d bytes (%.2f bytes a hash)%n", absoluteOutput, result.indexBytes(),
                    result.hashes() == 0 ? 0.0 : result.indexBytes() / (double) result.hashes());
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Prints a line every two seconds or so: stage, where, hashes, rate, and the time left in this stage. */
    private static final class ConsoleProgress implements ProgressListener {
        private final PrintStream out;
        private long lastPrinted;
        private Stage lastStage;

        ConsoleProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void progress(Progress p) {
            long now = System.nanoTime();
            if (p.stage() == lastStage && now - lastPrinted < 2_000_000_000L) {
                return;
            }
            lastPrinted = now;
            lastStage = p.stage();
            double seconds = Math.max(p.stageElapsed().toNanos() / 1e9, 1e-3);
            String eta = p.bytesDone() > 0 && p.bytesTotal() > 0
                    ? duration(Duration.ofMillis((long) (seconds * 1000 * (p.bytesTotal() - p.bytesDone()) / p.bytesDone())))
                    : "?";
            out.printf(Locale.ROOT, "%-7s %-12s %5.1f%%  %,15d hashes  %,11.0f hashes/s  %s left in this stage%s%n",
                    p.stage().name().toLowerCase(Locale.ROOT), p.where(),
                    p.bytesTotal() == 0 ? 100.0 : 100.0 * p.bytesDone() / p.bytesTotal(), p.hashes(), p.hashes() / seconds,
                    eta, p.stage() == Stage.READING ? " (sorting follows)" : "");
        }

        static String duration(Duration d) {
            long s = d.toSeconds();
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                    : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
    }
}
