package com.compromisedcredentials.breach;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes a {@link CorpusIndexFormat} file from records given in ascending SHA-1 order: records first (after
 * room for the header and the prefix table), then the table and the header once the counts are known.
 */
final class CorpusIndexWriter implements AutoCloseable {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(CorpusIndexFormat.RECORD_BYTES * 48_000);
    private final long[] perPrefix = new long[CorpusIndexFormat.PREFIXES];
    private long position = CorpusIndexFormat.RECORDS_OFFSET;
    private long records;
    private long lastHigh;
    private long lastMiddle;
    private long lastTail;

    CorpusIndexWriter(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /** Appends one record, in {@link HashCountArray}'s encoding; each must be above the one before. */
    void write(long high, long middle, long tailAndCount) throws IOException {
        if (records > 0 && HashCountArray.compare(high, middle, tailAndCount, lastHigh, lastMiddle, lastTail) <= 0) {
            throw new IllegalStateException("records must be written in ascending order without duplicates");
        }
        lastHigh = high;
        lastMiddle = middle;
        lastTail = tailAndCount;
        perPrefix[(int) (high >>> (64 - CorpusIndexFormat.PREFIX_BITS))]++;
        records++;
        for (int shift = 40; shift >= 0; shift -= 8) {
            buffer.put((byte) (high >>> shift)); // SHA-1 bytes 2..7
        }
        buffer.putLong(middle).putInt((int) (tailAndCount >>> 32)).putInt((int) tailAndCount);
        if (!buffer.hasRemaining()) {
            flush();
        }
    }

    long records() {
        return records;
    }

    /** Writes the prefix table and the header and forces everything to disk. */
    void finish(Instant builtAt) throws IOException {
        flush();
        ByteBuffer table = ByteBuffer.allocate((int) CorpusIndexFormat.TABLE_BYTES);
        long start = 0;
        for (long n : perPrefix) {
            table.putLong(start);
            start += n;
        }
        table.putLong(start);
        writeFully(table.flip(), CorpusIndexFormat.HEADER_BYTES);
        writeFully(CorpusIndexFormat.header(records, builtAt), 0);
        channel.force(true);
    }

    private void flush() throws IOException {
        buffer.flip();
        position += writeFully(buffer, position);
        buffer.clear();
    }

    private int writeFully(ByteBuffer bytes, long at) throws IOException {
        int written = 0;
        while (bytes.hasRemaining()) {
            written += channel.write(bytes, at + written);
        }
        return written;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
