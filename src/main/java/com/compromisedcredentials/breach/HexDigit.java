package com.compromisedcredentials.breach;

/** Hexadecimal digits read one at a time without allocating: both hash-list parsers use it per character. */
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

    /** Sets the {@code index}-th hex digit (0 = the high half of byte 0) of {@code bytes}. */
    static void setNibble(byte[] bytes, int index, int nibble) {
        int b = index >> 1;
        bytes[b] = (index & 1) == 0
                ? (byte) ((bytes[b] & 0x0F) | (nibble << 4))
                : (byte) ((bytes[b] & 0xF0) | nibble);
    }
}
