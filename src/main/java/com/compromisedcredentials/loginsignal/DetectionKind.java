package com.compromisedcredentials.loginsignal;

import java.util.Optional;

import com.compromisedcredentials.support.web.WireName;

/** What a detection is. The wire names appear in the admin API, evidence, logs and metrics. */
public enum DetectionKind implements WireName {
    /** Failed logins for many distinct usernames from one address bucket. */
    CREDENTIAL_STUFFING("credential-stuffing"),
    /** Failed logins for many existing accounts from one address bucket, few attempts each. */
    PASSWORD_SPRAYING("password-spraying"),
    /** A successful login from an address on a threat-intel list. */
    LISTED_ADDRESS("listed-address");

    private final String wireName;

    DetectionKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<DetectionKind> fromWireName(String name) {
        return WireName.find(DetectionKind.class, name);
    }
}
