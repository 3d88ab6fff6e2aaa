package com.compromisedcredentials.breach;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one file of the Pwned Passwords downloader's output, byte by byte without a String a line: either
 * {@code SHA1:COUNT} lines (40 hex digits) or, in a per-prefix file {@code XXXXX.txt}, {@code SUFFIX:COUNT}
 * lines (35 hex digits, the file name giving the first five). Either case, CRLF or LF, a UTF-8 byte order mark
 * and blank lines are accepted; lines with count 0 are skipped. Anything else stops the build with a
 * {@link CorpusFormatException} naming the line.
 */
final class CorpusLineParser {

    /** Receives each hash (20 bytes, reused between calls) and its count. */
    interface Sink {
        void accept(byte[] sha1, long count) throws IOException;
    }

    private static final int MAX_LINE = 96;

    private final String fileName;
    private final String prefix;
    private final int hexDigits;
    private final byte[] sha1 = new byte[20];
    private final byte[] line = new byte[MAX_LINE];
    private long bytesRead;
    private long lines;
    private long zeroCounts;

    /**
     * @param prefix the five hex digits of a per-prefix file, or {@code null} for {@code SHA1:COUNT} lines
     */
    CorpusLineParser(String fileName, String prefix) {
        this.fileName = fileName;
        this.prefix = prefix;
        this.hexDigits = prefix == null ? 40 : 40 - prefix.length();
        if (prefix != null) {
            for (int i = 0; i < prefix.length(); i++) {
                int nibble = HexDigit.value(prefix.charAt(i));
                if (nibble < 0) {
                    throw new IllegalArgumentException("not a hex prefix: " + prefix);
                }
                HexDigit.setNibble(sha1, i, nibble);
            }
        }
    }

    /** Reads to the end of {@code in}; {@code onBytes} hears how many bytes were read since the last call. */
    void parse(InputStream in, Sink sink, java.util.function.LongConsumer onBytes) throws IOException {
        byte[] buffer = new byte[1 << 20];
        int length = 0;
        boolean overflow = false;
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytesRead += n;
            onBytes.accept(n);
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    endLine(length, overflow, sink);
                    length = 0;
                    overflow = false;
                } else if (length < MAX_LINE) {
                    line[length++] = b;
                } else {
                    overflow = true;
                }
            }
        }
        if (length > 0 || overflow) {
            endLine(length, overflow, sink);
        }
    }

    long bytesRead() {
        return bytesRead;
    }

    long lines() {
        return lines;
    }

    long zeroCounts() {
        return zeroCounts;
    }

    private void endLine(int length, boolean overflow, Sink sink) throws IOException {
        lines++;
        int start = 0;
        if (lines == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            start = 3;
        }
        if (length > start && line[length - 1] == '\r') {
            length--;
        }
        if (length == start && !overflow) {
            return;
        }
        long count = overflow ? -1 : parseLine(start, length);
        if (count < 0) {
            throw new CorpusFormatException(fileName, lines, "expected " + expected() + ", found \"" + shown(start, length, overflow) + "\"");
        }
        if (count == 0) {
            zeroCounts++;
            return;
        }
        sink.accept(sha1, count);
    }

    private long parseLine(int start, int end) {
        if (end - start < hexDigits + 2 || line[start + hexDigits] != ':') {
            return -1;
        }
        int firstNibble = 40 - hexDigits;
        for (int i = 0; i < hexDigits; i++) {
            int nibble = HexDigit.value(line[start + i]);
            if (nibble < 0) {
                return -1;
            }
            HexDigit.setNibble(sha1, firstNibble + i, nibble);
        }
        long count = 0;
        for (int i = start + hexDigits + 1; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            count = Math.min(count * 10 + digit, HashCountArray.MAX_COUNT);
        }
        return count;
    }

    private String expected() {
        return prefix == null
                ? "40 hex digits (a SHA-1), ':' and a count"
                : "35 hex digits (the SHA-1 without the file's five-digit prefix " + prefix + "), ':' and a count";
    }

    private String shown(int start, int end, boolean overflow) {
        StringBuilder shown = new StringBuilder();
        for (int i = start; i < Math.min(end, start + 60); i++) {
            int c = line[i] & 0xFF;
            shown.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        if (overflow || end - start > 60) {
            shown.append("...");
        }
        return shown.toString();
    }

}
