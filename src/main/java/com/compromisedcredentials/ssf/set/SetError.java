package com.compromisedcredentials.ssf.set;

/**
 * Why a Security Event Token is refused: the error codes of RFC 8935 section 2.4 (push) that RFC 8936 section
 * 2.4.4 reuses for negative acknowledgements (poll), with the HTTP status a push endpoint answers with.
 *
 * <p>How this receiver uses them:
 * <ul>
 * <li>{@link #INVALID_REQUEST}: not a compact JWS, bad JSON, an algorithm other than RS256/ES256 (including
 * {@code none}), a foreign {@code typ}, a {@code crit} header, a missing or malformed claim ({@code jti},
 * {@code iat}, {@code events}), a token issued in the future or too old, an event payload that does not conform to
 * its definition (no subject, a malformed subject identifier).</li>
 * <li>{@link #INVALID_KEY}: no key of the transmitter matches the {@code kid} and algorithm, or the signature does
 * not verify with that key.</li>
 * <li>{@link #INVALID_ISSUER}: {@code iss} is not the configured issuer.</li>
 * <li>{@link #INVALID_AUDIENCE}: {@code aud} does not contain the configured audience.</li>
 * <li>{@link #AUTHENTICATION_FAILED}: the push request's bearer token is missing or wrong (HTTP 401).</li>
 * <li>{@link #ACCESS_DENIED}: the transmitter is known but may not deliver this way, e.g. a push to a transmitter
 * configured for poll, or a disabled transmitter (HTTP 403).</li>
 * </ul>
 */
public enum SetError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_KEY("invalid_key", 400),
    INVALID_ISSUER("invalid_issuer", 400),
    INVALID_AUDIENCE("invalid_audience", 400),
    AUTHENTICATION_FAILED("authentication_failed", 401),
    ACCESS_DENIED("access_denied", 403);

    private final String code;
    private final int httpStatus;

    SetError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The {@code err} value on the wire. */
    public String code() {
        return code;
    }

    /** The status a push endpoint answers with (RFC 8935 section 2.3). */
    public int httpStatus() {
        return httpStatus;
    }
}
