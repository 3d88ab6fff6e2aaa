package com.compromisedcredentials.ssf.set;

import java.time.Instant;
import java.util.Objects;

import com.compromisedcredentials.flag.ReasonCategory;

/**
 * One credential-compromise event from a verified SET, in the terms the intake needs to raise a flag: which account
 * ({@link #subject()}), why, when, and which SET it came from (the evidence reference: issuer and {@code jti}, never
 * the token itself).
 *
 * @param issuer         the transmitter's issuer
 * @param jti            the SET's {@code jti}
 * @param type           which event
 * @param subject        the account, from the event's {@code subject} or else the SET's {@code sub_id}
 * @param credentialType RISC {@code credential_type} ({@code password}, {@code pin}, {@code x509}, {@code fido2-platform},
 *                       ...), or null if not given
 * @param reasonAdmin    CAEP {@code reason_admin}, or null
 * @param reasonUser     CAEP {@code reason_user}, or null
 * @param eventTime      when it happened: the event's {@code event_timestamp}, else the SET's {@code toe}; null if
 *                       neither is given
 * @param issuedAt       the SET's {@code iat}
 * @param txn            the SET's {@code txn}, or null
 */
public record CompromiseSignal(
        String issuer,
        String jti,
        CompromiseEventType type,
        SubjectIdentifier subject,
        String credentialType,
        LocalizedText reasonAdmin,
        LocalizedText reasonUser,
        Instant eventTime,
        String txn,
        Instant issuedAt) {

    public CompromiseSignal {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** The reason category of the flag: {@code credential-leak} for a compromise, {@code suspicious-activity} for a required change. */
    public ReasonCategory reason() {
        return type.reason();
    }

    /** When it happened, or when the SET was issued if the transmitter did not say. */
    public Instant occurredAt() {
        return eventTime != null ? eventTime : issuedAt;
    }

    /**
     * Whether a password reset answers this event: the credential is the password, or the transmitter did not say
     * which credential. A compromised FIDO key or certificate is not fixed by a new password.
     */
    public boolean concernsPassword() {
        return credentialType == null || credentialType.equals("password");
    }
}
