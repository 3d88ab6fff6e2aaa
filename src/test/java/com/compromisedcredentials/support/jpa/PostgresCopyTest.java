package com.compromisedcredentials.support.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PostgresCopyTest {

    private static String copied(Object value) {
        StringBuilder data = new StringBuilder();
        PostgresCopy.append(data, value);
        return data.toString();
    }

    @Test
    void nullIsCopysNullMarker() {
        assertEquals("\\N", copied(null));
    }

    @Test
    void theTextFormatsSpecialCharactersAreEscaped() {
        assertEquals("a\\tb\\nc\\rd\\\\e", copied("a\tb\nc\rd\\e"));
        // a literal backslash-N is text, not NULL
        assertEquals("\\\\N", copied("\\N"));
    }

    @Test
    void numbersBooleansAndOtherTextAsTheyAre() {
        assertEquals("1700000000000", copied(1_700_000_000_000L));
        assertEquals("0", copied(0));
        assertEquals("t", copied(true));
        assertEquals("f", copied(false));
        assertEquals("Zoë, 東京 ; 'quoted' \"double\"", copied("Zoë, 東京 ; 'quoted' \"double\""));
    }
}
