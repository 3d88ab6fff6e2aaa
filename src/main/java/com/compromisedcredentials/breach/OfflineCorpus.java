package com.compromisedcredentials.breach;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Looks passwords up in an offline copy of the Pwned Passwords list, for sites that cannot or will not call the
 * HIBP API. Reads an index built by {@link CorpusIndexBuilder} (format: {@link CorpusIndexFormat}), memory-mapped
 * read-only: the operating system pages it in and out, so the Java heap holds a few small objects whatever the
 * corpus size. A lookup reads one prefix-table entry and binary-searches the one bucket of about a thousand
 * records (for the full list) that can hold the hash.
 *
 * <p>Thread-safe: lookups use absolute reads of the mapped buffers and share nothing mutable. A file above 2 GiB
 * is mapped as several buffers, each holding whole records. {@link #close()} closes the file; the mapping itself
 * is released by the garbage collector (Java 17 cannot unmap), so close it only when no lookup is running.
 */
public final class OfflineCorpus implements BreachSource {

    /** The largest mapping Java allows, rounded down to whole records. */
    private static final long MAX_CHUNK_BYTES = Integer.MAX_VALUE;

    private final Path path;
    private final FileChannel channel;
    private final long records;
    private final Instant builtAt;
    private final MappedByteBuffer table;
    private final MappedByteBuffer[] chunks;
    private final long recordsPerChunk;

    private OfflineCorpus(Path path, FileChannel channel, long records, Instant builtAt, MappedByteBuffer table,
                          MappedByteBuffer[] chunks, long recordsPerChunk) {
        this.path = path;
        this.channel = channel;
        this.records = records;
        this.builtAt = builtAt;
        this.table = table;
        this.chunks = chunks;
        this.recordsPerChunk = recordsPerChunk;
    }

    /**
     * Opens and checks an index: header, exact file size and a consistent prefix table.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static OfflineCorpus open(Path path) throws IOException {
        return open(path, MAX_CHUNK_BYTES);
    }

    static OfflineCorpus open(Path path, long maxChunkBytes) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(path + " does not exist (build it with CorpusIndexBuilder)", e);
        } catch (AccessDeniedException e) {
            throw new IOException(path + " cannot be read (permission denied)", e);
        }
        try {
            long size = channel.size();
            ByteBuffer headerBytes = ByteBuffer.allocate(CorpusIndexFormat.HEADER_BYTES);
            while (headerBytes.hasRemaining() && channel.read(headerBytes, headerBytes.position()) > 0) {
                // read the whole header
            }
            CorpusIndexFormat.Header header = CorpusIndexFormat.readHeader(headerBytes.flip());
            long expected = CorpusIndexFormat.fileSize(header.records());
            if (size != expected) {
                throw new IOException("is " + size + " bytes but its header promises " + header.records()
                        + " hashes in " + expected + " bytes: the file is truncated or damaged");
            }
            MappedByteBuffer table = channel.map(FileChannel.MapMode.READ_ONLY, CorpusIndexFormat.HEADER_BYTES,
                    CorpusIndexFormat.TABLE_BYTES);
            checkTable(table, header.records());
            long recordsPerChunk = Math.max(1, maxChunkBytes / CorpusIndexFormat.RECORD_BYTES);
            int chunkCount = (int) ((header.records() + recordsPerChunk - 1) / recordsPerChunk);
            MappedByteBuffer[] chunks = new MappedByteBuffer[chunkCount];
            for (int i = 0; i < chunkCount; i++) {
                long first = i * recordsPerChunk;
                long count = Math.min(recordsPerChunk, header.records() - first);
                chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY,
                        CorpusIndexFormat.RECORDS_OFFSET + first * CorpusIndexFormat.RECORD_BYTES,
                        count * CorpusIndexFormat.RECORD_BYTES);
            }
            return new OfflineCorpus(path, channel, header.records(), header.builtAt(), table, chunks, recordsPerChunk);
        } catch (IOException e) {
            channel.close();
            throw new IOException(path + " " + e.getMessage(), e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkTable(ByteBuffer table, long records) throws IOException {
        long previous = 0;
        for (int p = 0; p <= CorpusIndexFormat.PREFIXES; p++) {
            long start = table.getLong(p * 8);
            if (start < previous || start > records) {
                throw new IOException("has a damaged prefix table (entry " + p + ")");
            }
            previous = start;
        }
        if (table.getLong(0) != 0 || previous != records) {
            throw new IOException("has a damaged prefix table (it does not cover all " + records + " hashes)");
        }
    }

    @Override
    public long breachCount(PasswordSha1 hash) {
        return count(hash.bytes());
    }

    /** How often the SHA-1 {@code sha1} (20 bytes) was seen: 0 when it is not in the corpus. */
    public long count(byte[] sha1) {
        int prefix = CorpusIndexFormat.prefixOf(sha1[0], sha1[1], sha1[2]);
        long low = table.getLong(prefix * 8);
        long high = table.getLong(prefix * 8 + 8) - 1;
        long keyHigh = HashCountArray.longAt(sha1, 2);
        long keyMiddle = HashCountArray.longAt(sha1, 10);
        int keyTail = ((sha1[18] & 0xFF) << 8) | (sha1[19] & 0xFF);
        while (low <= high) {
            long mid = (low + high) >>> 1;
            MappedByteBuffer chunk = chunks[(int) (mid / recordsPerChunk)];
            int offset = (int) (mid % recordsPerChunk) * CorpusIndexFormat.RECORD_BYTES;
            int c = Long.compareUnsigned(chunk.getLong(offset), keyHigh);
            if (c == 0) {
                c = Long.compareUnsigned(chunk.getLong(offset + 8), keyMiddle);
                if (c == 0) {
                    c = Integer.compare(chunk.getShort(offset + 16) & 0xFFFF, keyTail);
                }
            }
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return chunk.getInt(offset + 18) & 0xFFFF_FFFFL;
            }
        }
        return 0;
    }

    /** How many distinct hashes the corpus holds. */
    public long size() {
        return records;
    }

    /** When the index was built (not when HIBP published the list it was built from). */
    public Instant builtAt() {
        return builtAt;
    }

    public Path path() {
        return path;
    }

    /** How many mapped buffers hold the records (1 up to 2 GiB). */
    int mappedChunks() {
        return chunks.length;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a read-only file changes nothing
        }
    }
}
