package com.compromisedcredentials.breach;

/** Reads one hexadecimal digit, either case, without allocating: both corpus parsers use it per character. */
final class HexDigit {

    private HexDigit() {
    }

    /** The value 0–15 of {@code ch}, or −1 when it is not a hex digit. */
    static int value(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        return -1;
    }
}
