package com.compromisedcredentials.loginsignal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key a failed login is counted under: the account's id when Keycloak found one, else the username as typed.
 * Never stored as such: people type passwords into the username field, and a plain hash of a password is a secret
 * too. So it is an HMAC under a key of the realm (derived from its HMAC signing key, the same on every node), cut
 * to 128 bits: enough to count distinct usernames, useless to anyone reading the table.
 */
public final class UserKeys {

    private static final byte[] PURPOSE = "compromised-credentials/login-signals/user-key/v1".getBytes(StandardCharsets.UTF_8);

    private final Mac mac;

    /** @param realmSecret secret bytes shared by the cluster's nodes for this realm */
    public UserKeys(byte[] realmSecret) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(realmSecret.length == 0 ? new byte[1] : realmSecret, "HmacSHA256"));
            byte[] key = derive.doFinal(PURPOSE);
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** 32 hex characters naming the account or typed username. Not thread-safe: one instance per flush. */
    public String of(String userId, String username) {
        String subject = userId != null ? "id:" + userId : "name:" + (username == null ? "" : username);
        byte[] digest = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
