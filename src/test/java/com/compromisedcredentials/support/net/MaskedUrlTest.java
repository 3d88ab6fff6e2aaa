package com.compromisedcredentials.support.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;

import org.junit.jupiter.api.Test;

class MaskedUrlTest {

    @Test
    void queryUserInfoAndFragmentNeverShow() {
        assertEquals("https://tx.example.com/jwks?...", MaskedUrl.of(URI.create("https://tx.example.com/jwks?api_key=s3cret")));
        assertEquals("https://tx.example.com:8443/poll?...", MaskedUrl.of(URI.create("HTTPS://bob:pw@tx.example.com:8443/poll?t=1#frag")));
        assertEquals("https://tx.example.com/poll", MaskedUrl.of(URI.create("https://tx.example.com/poll#token=s3cret")));
        assertEquals("http://[::1]:8080/jwks", MaskedUrl.of(URI.create("http://[::1]:8080/jwks")));
        assertEquals("mailto:...", MaskedUrl.of(URI.create("mailto:someone@example.com")));
        assertNull(MaskedUrl.of((URI) null));
    }
}
