package com.compromisedcredentials.breach;

import java.util.Arrays;

/**
 * SHA-1 hashes with their breach counts in three parallel {@code long} arrays, sortable and searchable without
 * an object per entry (24 bytes an entry). Used for one HIBP range answer and for one partition of the corpus
 * while the index is built. Not thread-safe while it is filled; read-only use after {@link #sortAndMerge()} is.
 *
 * <p>An entry is {@code high} = SHA-1 bytes 0–7, {@code middle} = bytes 8–15, {@code tail} = bytes 16–19 in
 * the upper 32 bits and the count (unsigned, capped at 2<sup>32</sup>−1) in the lower 32 bits. Entries
 * compare as unsigned big-endian SHA-1 values.
 */
final class HashCountArray {

    /** The largest count an entry holds; larger counts are capped to it. */
    static final long MAX_COUNT = 0xFFFF_FFFFL;

    private static final int INSERTION_SORT_BELOW = 24;

    private long[] high;
    private long[] middle;
    private long[] tail;
    private int size;

    HashCountArray(int capacity) {
        int initial = Math.max(capacity, 16);
        high = new long[initial];
        middle = new long[initial];
        tail = new long[initial];
    }

    /** Adds the 20-byte SHA-1 at {@code offset} of {@code sha1}. */
    void add(byte[] sha1, int offset, long count) {
        add(longAt(sha1, offset), longAt(sha1, offset + 8), tail(intAt(sha1, offset + 16), count));
    }

    void add(long highBits, long middleBits, long tailAndCount) {
        if (size == high.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 16L, size * 2L);
            if (grown == size) {
                throw new IllegalStateException("more than " + size + " entries in memory");
            }
            high = Arrays.copyOf(high, grown);
            middle = Arrays.copyOf(middle, grown);
            tail = Arrays.copyOf(tail, grown);
        }
        high[size] = highBits;
        middle[size] = middleBits;
        tail[size] = tailAndCount;
        size++;
    }

    int size() {
        return size;
    }

    long high(int i) {
        return high[i];
    }

    long middle(int i) {
        return middle[i];
    }

    long tailAndCount(int i) {
        return tail[i];
    }

    static long tail(int lastFourBytes, long count) {
        return ((long) lastFourBytes << 32) | Math.min(Math.max(count, 0), MAX_COUNT);
    }

    static long count(long tailAndCount) {
        return tailAndCount & MAX_COUNT;
    }

    /** Sorts by SHA-1 and folds entries of the same SHA-1 into one holding the largest count. */
    void sortAndMerge() {
        sort(0, size - 1);
        if (size < 2) {
            return;
        }
        int kept = 0;
        for (int i = 1; i < size; i++) {
            if (high[i] == high[kept] && middle[i] == middle[kept] && (tail[i] >>> 32) == (tail[kept] >>> 32)) {
                if (count(tail[i]) > count(tail[kept])) {
                    tail[kept] = tail[i];
                }
            } else {
                kept++;
                high[kept] = high[i];
                middle[kept] = middle[i];
                tail[kept] = tail[i];
            }
        }
        size = kept + 1;
    }

    /** The count of {@code sha1} (20 bytes), or 0 when absent. Only after {@link #sortAndMerge()}. */
    long countOf(byte[] sha1) {
        long h = longAt(sha1, 0);
        long m = longAt(sha1, 8);
        long t = tail(intAt(sha1, 16), 0);
        int low = 0;
        int highIndex = size - 1;
        while (low <= highIndex) {
            int mid = (low + highIndex) >>> 1;
            int c = compare(high[mid], middle[mid], tail[mid], h, m, t);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                highIndex = mid - 1;
            } else {
                return count(tail[mid]);
            }
        }
        return 0;
    }

    static int compare(long h1, long m1, long t1, long h2, long m2, long t2) {
        int c = Long.compareUnsigned(h1, h2);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(m1, m2);
        return c != 0 ? c : Long.compare(t1 >>> 32, t2 >>> 32);
    }

    private int compareAt(int i, int j) {
        return compare(high[i], middle[i], tail[i], high[j], middle[j], tail[j]);
    }

    /** Quicksort (median of three, Hoare partition, insertion sort for short runs), smaller side first. */
    private void sort(int from, int to) {
        while (to - from >= INSERTION_SORT_BELOW) {
            int mid = (from + to) >>> 1;
            if (compareAt(mid, from) < 0) {
                swap(mid, from);
            }
            if (compareAt(to, from) < 0) {
                swap(to, from);
            }
            if (compareAt(to, mid) < 0) {
                swap(to, mid);
            }
            long ph = high[mid];
            long pm = middle[mid];
            long pt = tail[mid];
            int i = from - 1;
            int j = to + 1;
            while (true) {
                do {
                    i++;
                } while (compare(high[i], middle[i], tail[i], ph, pm, pt) < 0);
                do {
                    j--;
                } while (compare(high[j], middle[j], tail[j], ph, pm, pt) > 0);
                if (i >= j) {
                    break;
                }
                swap(i, j);
            }
            if (j - from < to - j) {
                sort(from, j);
                from = j + 1;
            } else {
                sort(j + 1, to);
                to = j;
            }
        }
        for (int i = from + 1; i <= to; i++) {
            for (int j = i; j > from && compareAt(j - 1, j) > 0; j--) {
                swap(j - 1, j);
            }
        }
    }

    private void swap(int i, int j) {
        long h = high[i];
        high[i] = high[j];
        high[j] = h;
        long m = middle[i];
        middle[i] = middle[j];
        middle[j] = m;
        long t = tail[i];
        tail[i] = tail[j];
        tail[j] = t;
    }

    static long longAt(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    static int intAt(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8) | (b[offset + 3] & 0xFF);
    }
}
