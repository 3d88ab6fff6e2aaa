package com.compromisedcredentials.breach;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the offline corpus (not a test; run with {@code mvn -Pbenchmark -DskipTests test} or
 * {@code bench/breach.sh}): for each corpus size it generates a {@code SHA1:COUNT} file of random hashes under
 * {@code target/bench}, builds the index with {@link CorpusIndexBuilder}, and reports build throughput, bytes a
 * hash, heap before and after opening the index, and single-threaded lookup latency percentiles, both for a bare
 * lookup of a given SHA-1 and for {@link BreachCheck#check} of a password (SHA-1 included). Half the lookups hit,
 * half miss. The page cache is warm (the index was just written), as it is on a server after its first minutes.
 *
 * <p>Arguments: {@code <sizes, comma-separated> <work folder>}.
 */
public final class BreachBenchmark {

    private static final int SAMPLES = 100_000;
    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private record Row(long hashes, double generateSeconds, double readSeconds, double sortSeconds, double buildSeconds,
                       long indexBytes, long heapBefore, long heapAfter, double[] lookup, double[] check) {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = Arrays.stream(args[0].split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        Path work = Files.createDirectories(Path.of(args[1]));
        System.out.printf(Locale.ROOT, "breach benchmark: %s, %d CPUs, max heap %d MB, work folder %s%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, work.toAbsolutePath());
        List<Row> rows = new ArrayList<>();
        for (long size : sizes) {
            rows.add(run(size, work));
        }
        System.out.println();
        System.out.println("| hashes | build (read + sort) | build throughput | index size | bytes/hash | heap before open | heap after open + lookups | lookup p50 / p99 / p99.9 / max | check (SHA-1 + lookup) p50 / p99 / p99.9 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %,d | %.1f s (%.1f + %.1f) | %,.0f hashes/s | %,d B | %.2f | %.1f MB | %.1f MB | %.2f / %.2f / %.2f / %.1f µs | %.2f / %.2f / %.2f µs |%n",
                    r.hashes, r.buildSeconds, r.readSeconds, r.sortSeconds, r.hashes / r.buildSeconds, r.indexBytes,
                    r.indexBytes / (double) r.hashes, r.heapBefore / 1e6, r.heapAfter / 1e6,
                    r.lookup[0], r.lookup[1], r.lookup[2], r.lookup[3], r.check[0], r.check[1], r.check[2]);
        }
    }

    private static Row run(long size, Path work) throws Exception {
        System.out.printf(Locale.ROOT, "%n== %,d hashes ==%n", size);
        Path input = work.resolve("corpus-" + size + ".txt");
        Path index = work.resolve("corpus-" + size + ".idx");
        long started = System.nanoTime();
        byte[][] present = generate(size, input);
        double generateSeconds = seconds(started);
        System.out.printf(Locale.ROOT, "input %s: %,d bytes (%.1f s)%n", input.getFileName(), Files.size(input), generateSeconds);

        double[] stageSeconds = new double[2];
        CorpusIndexBuilder builder = new CorpusIndexBuilder(work, CorpusIndexBuilder.defaultRecordsInMemory(),
                p -> stageSeconds[p.stage().ordinal()] = p.stageElapsed().toNanos() / 1e9);
        started = System.nanoTime();
        CorpusIndexBuilder.Result result = builder.build(input, index);
        double buildSeconds = seconds(started);
        System.out.printf(Locale.ROOT, "index %s: %,d hashes, %,d bytes, built in %.1f s%n", index.getFileName(),
                result.hashes(), result.indexBytes(), buildSeconds);

        SplittableRandom random = new SplittableRandom(99);
        byte[][] queries = new byte[SAMPLES * 2][];
        for (int i = 0; i < SAMPLES; i++) {
            queries[2 * i] = present[i];
            byte[] absent = new byte[20];
            random.nextBytes(absent);
            queries[2 * i + 1] = absent;
        }
        String[] passwords = new String[SAMPLES];
        for (int i = 0; i < passwords.length; i++) {
            passwords[i] = "pw-" + Long.toHexString(random.nextLong());
        }
        long[] nanos = new long[MEASURED];
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = settledHeap(memory);
        double[] lookup;
        double[] check;
        try (OfflineCorpus corpus = OfflineCorpus.open(index)) {
            long found = 0;
            for (int i = 0; i < WARM_UP; i++) {
                found += corpus.count(queries[random.nextInt(queries.length)]);
            }
            for (int i = 0; i < MEASURED; i++) {
                byte[] q = queries[random.nextInt(queries.length)];
                long t = System.nanoTime();
                found += corpus.count(q);
                nanos[i] = System.nanoTime() - t;
            }
            lookup = percentiles(nanos);

            BreachCheck breachCheck = new BreachCheck(BreachCheck.Mode.OFFLINE_CORPUS, corpus, 1,
                    BreachCheck.FailureMode.ALLOW, new BreachLookupCounters());
            for (int i = 0; i < WARM_UP; i++) {
                found += breachCheck.check(passwords[random.nextInt(passwords.length)]).count();
            }
            for (int i = 0; i < MEASURED; i++) {
                String p = passwords[random.nextInt(passwords.length)];
                long t = System.nanoTime();
                found += breachCheck.check(p).count();
                nanos[i] = System.nanoTime() - t;
            }
            check = percentiles(nanos);
            if (found == 0) {
                throw new IllegalStateException("no generated hash was found: the index is wrong");
            }
            long heapAfter = settledHeap(memory);
            // the samples were on the heap before opening; keep them there for the second reading too
            Reference.reachabilityFence(present);
            Reference.reachabilityFence(queries);
            Reference.reachabilityFence(passwords);
            Reference.reachabilityFence(nanos);
            System.out.printf(Locale.ROOT, "lookup p50 %.2f µs, p99 %.2f µs; check p50 %.2f µs, p99 %.2f µs; heap %.1f MB -> %.1f MB%n",
                    lookup[0], lookup[1], check[0], check[1], heapBefore / 1e6, heapAfter / 1e6);
            return new Row(result.hashes(), generateSeconds, stageSeconds[0], stageSeconds[1], buildSeconds,
                    result.indexBytes(), heapBefore, heapAfter, lookup, check);
        }
    }

    /** Writes {@code size} random hashes as {@code SHA1:COUNT} CRLF lines (unless already there); returns a sample of them. */
    private static byte[][] generate(long size, Path input) throws IOException {
        boolean write = !Files.exists(input);
        byte[][] sample = new byte[SAMPLES][];
        long every = Math.max(1, size / SAMPLES);
        SplittableRandom random = new SplittableRandom(size);
        byte[] sha1 = new byte[20];
        byte[] line = new byte[64];
        try (OutputStream out = write ? new BufferedOutputStream(Files.newOutputStream(input.resolveSibling(input.getFileName() + ".tmp")), 1 << 20)
                : OutputStream.nullOutputStream()) {
            int taken = 0;
            for (long i = 0; i < size; i++) {
                random.nextBytes(sha1);
                int count = 1 + random.nextInt(1000);
                if (i % every == 0 && taken < SAMPLES) {
                    sample[taken++] = sha1.clone();
                }
                if (write) {
                    int n = 0;
                    for (byte b : sha1) {
                        line[n++] = HEX[(b >> 4) & 0xF];
                        line[n++] = HEX[b & 0xF];
                    }
                    line[n++] = ':';
                    String digits = Integer.toString(count);
                    for (int d = 0; d < digits.length(); d++) {
                        line[n++] = (byte) digits.charAt(d);
                    }
                    line[n++] = '\r';
                    line[n++] = '\n';
                    out.write(line, 0, n);
                }
            }
            for (int i = taken; i < SAMPLES; i++) {
                sample[i] = sample[i % Math.max(taken, 1)];
            }
        }
        if (write) {
            Files.move(input.resolveSibling(input.getFileName() + ".tmp"), input);
        }
        return sample;
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** p50, p99, p99.9 and max in microseconds. */
    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {
                sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3,
                sorted[(int) (sorted.length * 0.999)] / 1e3,
                sorted[sorted.length - 1] / 1e3};
    }

    private static double seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0;
    }
}
