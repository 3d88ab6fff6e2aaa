package com.compromisedcredentials.breach;

/**
 * One answer of the HIBP range API ({@code GET /range/ABCDE}): the hashes starting with that prefix and how
 * often each was seen. Padding lines (count 0, added by {@code Add-Padding: true} so that the answer's size
 * does not reveal the prefix) are dropped. Immutable once parsed; about 24 bytes a hash in memory.
 */
final class RangeListing {

    private static final int SUFFIX_LENGTH = 40 - PasswordSha1.RANGE_PREFIX_LENGTH;

    private final HashCountArray entries;

    private RangeListing(HashCountArray entries) {
        this.entries = entries;
    }

    /** How often {@code hash} was seen: 0 when it is not listed. The caller asked for its prefix. */
    long count(PasswordSha1 hash) {
        return entries.countOf(hash.bytes());
    }

    int size() {
        return entries.size();
    }

    /**
     * Parses a range answer: lines {@code SUFFIX:COUNT}, 35 hex digits either case, separated by CRLF or LF.
     *
     * @throws BreachLookupException (malformed) naming the first bad line by number; never its content
     */
    static RangeListing parse(String prefix, byte[] body) throws BreachLookupException {
        if (body.length == 0) {
            throw new BreachLookupException(BreachLookupException.Reason.MALFORMED_RESPONSE, "the range answer is empty");
        }
        HashCountArray entries = new HashCountArray(body.length / 40 + 1);
        byte[] sha1 = new byte[20];
        for (int i = 0; i < PasswordSha1.RANGE_PREFIX_LENGTH; i++) {
            HexDigit.setNibble(sha1, i, HexDigit.value(prefix.charAt(i)));
        }
        int line = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (stop > start) {
                long count = parseLine(body, start, stop, sha1);
                if (count < 0) {
                    throw new BreachLookupException(BreachLookupException.Reason.MALFORMED_RESPONSE,
                            "line " + line + " of the range answer is not SUFFIX:COUNT");
                }
                if (count > 0) {
                    entries.add(sha1, 0, count);
                }
            }
            start = end + 1;
        }
        entries.sortAndMerge();
        return new RangeListing(entries);
    }

    /** The count of one line, filling in the suffix nibbles of {@code sha1}; −1 when the line is malformed. */
    private static long parseLine(byte[] body, int start, int stop, byte[] sha1) {
        if (stop - start < SUFFIX_LENGTH + 2 || body[start + SUFFIX_LENGTH] != ':') {
            return -1;
        }
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            int nibble = HexDigit.value(body[start + i]);
            if (nibble < 0) {
                return -1;
            }
            HexDigit.setNibble(sha1, PasswordSha1.RANGE_PREFIX_LENGTH + i, nibble);
        }
        long count = 0;
        for (int i = start + SUFFIX_LENGTH + 1; i < stop; i++) {
            int digit = body[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            count = Math.min(count * 10 + digit, HashCountArray.MAX_COUNT);
        }
        return count;
    }

}
