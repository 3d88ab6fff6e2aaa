package com.compromisedcredentials.breach;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Random SHA-1 hashes with counts, written the way the haveibeenpwned downloader writes them. */
final class GeneratedCorpus {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Upper-case hex SHA-1 to count, in generation order. */
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<byte[]> absent = new ArrayList<>();

    GeneratedCorpus(int hashes, long seed) {
        Random random = new Random(seed);
        while (counts.size() < hashes) {
            byte[] sha1 = new byte[20];
            random.nextBytes(sha1);
            counts.put(HEX.formatHex(sha1), 1 + (long) random.nextInt(100_000));
        }
        while (absent.size() < 100) {
            byte[] sha1 = new byte[20];
            random.nextBytes(sha1);
            if (!counts.containsKey(HEX.formatHex(sha1))) {
                absent.add(sha1);
            }
        }
    }

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    /** One file of {@code SHA1:COUNT} lines in generation order, upper case, CRLF. */
    Path writeSingleFile(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                out.write(e.getKey() + ":" + e.getValue() + "\r\n");
            }
        }
        return file;
    }

    /** A folder of {@code XXXXX.txt} files of {@code SUFFIX:COUNT} lines, sorted within each file, LF. */
    Path writeFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, StringBuilder> files = new TreeMap<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            files.computeIfAbsent(e.getKey().substring(0, 5), k -> new StringBuilder())
                    .append(e.getKey().substring(5)).append(':').append(e.getValue()).append('\n');
        }
        for (Map.Entry<String, StringBuilder> f : files.entrySet()) {
            Files.writeString(folder.resolve(f.getKey() + ".txt"), f.getValue(), StandardCharsets.US_ASCII);
        }
        return folder;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
