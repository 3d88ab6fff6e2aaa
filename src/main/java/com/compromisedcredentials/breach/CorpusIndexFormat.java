package com.compromisedcredentials.breach;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The offline corpus index file: every SHA-1 of the Pwned Passwords list with its count, sorted, in fixed-width
 * records behind a prefix table, so that a lookup is one table read and a binary search of about a thousand
 * records in a memory-mapped file. Written by {@link CorpusIndexBuilder}, read by {@link OfflineCorpus}.
 *
 * <p>Version 1, all integers big-endian:
 * <pre>
 * offset  size                      field
 * 0       8                         magic "CCPWNIDX" (US-ASCII)
 * 8       4                         format version = 1
 * 12      4                         prefix bits P = 20
 * 16      4                         record size R = 22
 * 20      4                         reserved, 0
 * 24      8                         record count N
 * 32      8                         build time, seconds since 1970-01-01T00:00Z
 * 40      24                        reserved, 0
 * 64      8 × (2^P + 1)             prefix table: entry p is the index of the first record whose SHA-1 starts
 *                                   with the P-bit value ≥ p; entry 2^P is N. Records of prefix p are
 *                                   [table[p], table[p+1]).
 * 64 + 8 × (2^P + 1)   R × N        records, ascending by SHA-1, no two alike:
 *                                     18 bytes  SHA-1 bytes 2..19 (bytes 0, 1 and the high half of byte 2 are
 *                                               the prefix; the half byte is kept so records are whole bytes)
 *                                      4 bytes  count, unsigned, capped at 4 294 967 295
 * </pre>
 * The file is exactly {@code 64 + 8 × (2^P + 1) + R × N} bytes long: 22 bytes a hash plus 8 MiB, about 22 GB
 * for the full list of some 10<sup>9</sup> hashes.
 */
public final class CorpusIndexFormat {

    static final byte[] MAGIC = "CCPWNIDX".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int PREFIX_BITS = 20;
    static final int RECORD_BYTES = 22;
    static final int HEADER_BYTES = 64;
    static final int PREFIXES = 1 << PREFIX_BITS;
    static final long TABLE_BYTES = 8L * (PREFIXES + 1);
    static final long RECORDS_OFFSET = HEADER_BYTES + TABLE_BYTES;

    private CorpusIndexFormat() {
    }

    /** The size of an index of {@code records} records. */
    public static long fileSize(long records) {
        return RECORDS_OFFSET + RECORD_BYTES * records;
    }

    /** The P-bit prefix of a SHA-1 given as its first three bytes. */
    static int prefixOf(int byte0, int byte1, int byte2) {
        return ((byte0 & 0xFF) << 12) | ((byte1 & 0xFF) << 4) | ((byte2 & 0xFF) >>> 4);
    }

    static ByteBuffer header(long records, Instant builtAt) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putInt(VERSION).putInt(PREFIX_BITS).putInt(RECORD_BYTES).putInt(0)
                .putLong(records).putLong(builtAt.getEpochSecond());
        return header.position(0);
    }

    /** What a header says, once checked. */
    record Header(long records, Instant builtAt) {
    }

    /** Reads and checks a header; the message of the exception says what is wrong in words an admin can act on. */
    static Header readHeader(ByteBuffer header) throws IOException {
        if (header.remaining() < HEADER_BYTES) {
            throw new IOException("too short to be a corpus index");
        }
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a corpus index (build one with CorpusIndexBuilder)");
        }
        int version = header.getInt();
        int prefixBits = header.getInt();
        int recordBytes = header.getInt();
        header.getInt();
        if (version != VERSION || prefixBits != PREFIX_BITS || recordBytes != RECORD_BYTES) {
            throw new IOException("corpus index version " + version + " (prefix bits " + prefixBits + ", record size "
                    + recordBytes + ") cannot be read by this version; rebuild it with this version's CorpusIndexBuilder");
        }
        long records = header.getLong();
        long builtAt = header.getLong();
        if (records < 0) {
            throw new IOException("corpus index header is damaged (negative record count)");
        }
        return new Header(records, Instant.ofEpochSecond(builtAt));
    }
}
