package com.compromisedcredentials.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void masksTheLocalPart() {
        assertEquals("a***e@example.com", Masking.email("alice@example.com"));
        assertEquals("b***@example.com", Masking.email("bo@example.com"));
        assertEquals(null, Masking.email(null));
    }

    @Test
    void masksEveryAddressInAText() {
        assertEquals("550 5.1.1 <a***e@example.com>: unknown; also b***b@x.org",
                Masking.emailsIn("550 5.1.1 <alice@example.com>: unknown; also bob@x.org"));
    }
}
