package com.compromisedcredentials.ssf.set;

import java.util.Arrays;
import java.util.Optional;

import com.compromisedcredentials.flag.ReasonCategory;

/** The RISC event types this receiver acts on. Every other event type is acknowledged and ignored. */
public enum CompromiseEventType {
    /** RISC: the credential named in the event was found compromised. */
    CREDENTIAL_COMPROMISE("https://schemas.openid.net/secevent/risc/event-type/credential-compromise",
            ReasonCategory.CREDENTIAL_LEAK),
    /** RISC: the transmitter requires the account's owner to change a credential. */
    ACCOUNT_CREDENTIAL_CHANGE_REQUIRED("https://schemas.openid.net/secevent/risc/event-type/account-credential-change-required",
            ReasonCategory.SUSPICIOUS_ACTIVITY);

    private final String uri;
    private final ReasonCategory reason;

    CompromiseEventType(String uri, ReasonCategory reason) {
        this.uri = uri;
        this.reason = reason;
    }

    /** The event type URI, the key in the SET's {@code events} claim. */
    public String uri() {
        return uri;
    }

    /** The reason category a flag raised by this event records. */
    public ReasonCategory reason() {
        return reason;
    }

    public static Optional<CompromiseEventType> fromUri(String uri) {
        return Arrays.stream(values()).filter(t -> t.uri.equals(uri)).findFirst();
    }
}
