package com.compromisedcredentials.ssf.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LocalizedTextTest {

    @Test
    void aPlainStringIsTheDefault() {
        LocalizedText text = parse("\"Found in a breach\"");
        assertEquals("Found in a breach", text.text());
        assertEquals(Map.of(), text.byLanguage());
        assertEquals("Found in a breach", text.forLanguage("de"));
    }

    @Test
    void englishIsTheDefaultOfAMapAndTheMapIsKept() {
        LocalizedText text = parse("{\"fr\":\"Trouvé\",\"en\":\"Found\",\"de\":\"Gefunden\"}");
        assertEquals("Found", text.text());
        assertEquals(List.of("fr", "en", "de"), List.copyOf(text.byLanguage().keySet()));
        assertEquals("Gefunden", text.forLanguage("de"));
        assertEquals("Gefunden", text.forLanguage("de-CH"));
        assertEquals("Trouvé", text.forLanguage("FR"));
        assertEquals("Found", text.forLanguage("ja"));
        assertEquals("Found", text.forLanguage(null));
    }

    @Test
    void aRegionalEnglishOrElseTheFirstEntryIsTheDefault() {
        assertEquals("Found", parse("{\"de\":\"Gefunden\",\"en-GB\":\"Found\"}").text());
        assertEquals("Gefunden", parse("{\"de\":\"Gefunden\",\"fr\":\"Trouvé\"}").text());
        assertEquals("Oi", parse("{\"pt\":\"Olá\",\"pt-BR\":\"Oi\"}").forLanguage("pt-BR"));
        assertEquals("Olá", parse("{\"pt\":\"Olá\",\"pt-BR\":\"Oi\"}").forLanguage("pt-PT"));
    }

    @Test
    void untrustedTextIsCleanedAndCut() {
        assertEquals("a b\nc", parse("\"a\\u0000b\\nc\"").text());
        assertEquals(LocalizedText.MAX_LENGTH, parse("\"" + "x".repeat(5000) + "\"").text().length());
    }

    @Test
    void absentOrEmptyIsNull() {
        assertNull(LocalizedText.parse(null, "r"));
        assertNull(parse("null"));
        assertNull(parse("{}"));
    }

    @Test
    void otherShapesAreInvalidRequests() {
        for (String json : new String[] {"7", "[\"a\"]", "{\"en\":1}", "true"}) {
            assertEquals(SetError.INVALID_REQUEST, assertThrows(SetRejected.class, () -> parse(json), json).error());
        }
    }

    private static LocalizedText parse(String json) {
        try {
            return LocalizedText.parse(new ObjectMapper().readTree(json), "reason_admin");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
