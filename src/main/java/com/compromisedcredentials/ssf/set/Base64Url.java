package com.compromisedcredentials.ssf.set;

import java.util.Base64;

/** Strict base64url without padding, as JWS (RFC 7515) and JWK (RFC 7517) use it. */
final class Base64Url {

    private Base64Url() {
    }

    /** The decoded bytes, or {@code null} if the text is not unpadded base64url. */
    static byte[] decode(String text) {
        if (text == null || text.length() % 4 == 1) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
