package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.set.SetError;
import com.compromisedcredentials.ssf.set.SetRejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The check a push endpoint (RFC 8935) makes before it reads the body: the transmitter is configured for push, and
 * the request carries its {@code Authorization: Bearer} token if one is configured. The comparison takes the same
 * time wherever the tokens differ.
 */
public final class PushAuthorization {

    private PushAuthorization() {
    }

    /**
     * @param authorizationHeader the request's {@code Authorization} header, or null
     * @throws SetRejected {@code access_denied} for a transmitter configured for poll; {@code authentication_failed}
     *                     for a missing or wrong bearer token
     */
    public static void check(TransmitterConfig config, String authorizationHeader) {
        if (config.delivery() != DeliveryMethod.PUSH) {
            throw new SetRejected(SetError.ACCESS_DENIED, "This transmitter is configured for poll delivery, not push.");
        }
        String expected = config.pushBearerToken();
        if (expected == null) {
            return;
        }
        String presented = bearer(authorizationHeader);
        if (presented == null || !MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new SetRejected(SetError.AUTHENTICATION_FAILED, "Missing or wrong bearer token.");
        }
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        if (trimmed.length() < 7 || !trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return trimmed.substring(7).trim();
    }
}
