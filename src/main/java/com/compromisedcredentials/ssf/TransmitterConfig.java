package com.compromisedcredentials.ssf;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What this receiver knows about one Shared Signals transmitter: who it is ({@code issuer}), where its signing keys
 * are (a JWKS URL, or a static JWKS), what audience its SETs must carry, and how they arrive (push or poll, with the
 * bearer tokens of each). Built by {@link TransmitterConfigParser}, which checks every field; the constructor only
 * guards the invariants the rest of the package relies on.
 *
 * <p>{@link #toString()} never shows the bearer tokens, so a config can be logged.
 *
 * @param issuer          the {@code iss} every SET must carry, compared exactly
 * @param jwksUri         where the transmitter publishes its keys, or null if {@code jwks} is given
 * @param jwks            a static JWK Set as compact JSON, or null if {@code jwksUri} is given
 * @param audience        a value that the SET's {@code aud} must contain
 * @param delivery        push (RFC 8935) or poll (RFC 8936)
 * @param pushBearerToken for push: the token the transmitter must send as {@code Authorization: Bearer}, or null
 *                        if the push endpoint relies on the SET signature alone
 * @param pollEndpoint    for poll: the transmitter's poll endpoint
 * @param pollBearerToken for poll: the token we send to the poll endpoint
 * @param clockSkew       tolerance on {@code iat}/{@code exp} comparisons
 * @param maxTokenAge     a SET issued longer ago than this (plus the skew) is refused
 */
public record TransmitterConfig(
        String issuer,
        URI jwksUri,
        String jwks,
        String audience,
        DeliveryMethod delivery,
        String pushBearerToken,
        URI pollEndpoint,
        String pollBearerToken,
        Duration clockSkew,
        Duration maxTokenAge) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /**
     * A week: long enough that SETs queued at a transmitter while this receiver was down over a long weekend are
     * still accepted, short enough that the jti of every accepted SET can be kept for {@link #replayWindow()}.
     */
    public static final Duration DEFAULT_MAX_TOKEN_AGE = Duration.ofDays(7);

    public TransmitterConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(delivery, "delivery");
        if ((jwksUri == null) == (jwks == null)) {
            throw new IllegalArgumentException("exactly one of jwksUri and jwks");
        }
        if (delivery == DeliveryMethod.POLL && (pollEndpoint == null || pollBearerToken == null)) {
            throw new IllegalArgumentException("poll delivery needs pollEndpoint and pollBearerToken");
        }
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
        maxTokenAge = maxTokenAge == null ? DEFAULT_MAX_TOKEN_AGE : maxTokenAge;
        if (clockSkew.isNegative() || maxTokenAge.isNegative() || maxTokenAge.isZero()) {
            throw new IllegalArgumentException("clockSkew >= 0 and maxTokenAge > 0");
        }
    }

    /**
     * How long, from the moment a SET is accepted, its jti must be remembered to refuse a replay: after that the
     * same SET fails the {@code iat} check anyway (it may have been accepted up to one skew before its {@code iat},
     * and stays acceptable until max age plus one skew after it).
     */
    public Duration replayWindow() {
        return maxTokenAge.plus(clockSkew).plus(clockSkew);
    }

    @Override
    public String toString() {
        return "TransmitterConfig[issuer=" + issuer
                + ", jwksUri=" + jwksUri
                + ", jwks=" + (jwks == null ? "null" : "(static)")
                + ", audience=" + audience
                + ", delivery=" + delivery.wireName()
                + ", pushBearerToken=" + (pushBearerToken == null ? "null" : "(set)")
                + ", pollEndpoint=" + pollEndpoint
                + ", pollBearerToken=" + (pollBearerToken == null ? "null" : "(set)")
                + ", clockSkew=" + clockSkew
                + ", maxTokenAge=" + maxTokenAge + "]";
    }
}
