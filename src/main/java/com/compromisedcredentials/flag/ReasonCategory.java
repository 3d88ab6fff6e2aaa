package com.compromisedcredentials.flag;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import com.compromisedcredentials.support.web.WireName;

/** Why a credential is considered compromised. The wire names are part of the REST contract. */
public enum ReasonCategory implements WireName {
    /** The password was seen in a breach tied to this account. */
    CREDENTIAL_LEAK("credential-leak"),
    /** The password is in a breach corpus, not tied to this account. */
    BREACHED_PASSWORD("breached-password"),
    PHISHING("phishing"),
    /** Infostealer malware. */
    MALWARE("malware"),
    SUSPICIOUS_ACTIVITY("suspicious-activity"),
    /** Flagged by hand by an admin. */
    ADMIN("admin");

    private final String wireName;

    ReasonCategory(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The message key suffix used by emails and pages, e.g. {@code credential-leak}. */
    public static Optional<ReasonCategory> fromWireName(String name) {
        return WireName.find(ReasonCategory.class, name);
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(ReasonCategory::wireName).collect(Collectors.joining(", "));
    }
}
