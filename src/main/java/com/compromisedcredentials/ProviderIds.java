package com.compromisedcredentials;

/**
 * Every provider id of the extension, in one place. They are part of the public contract (admins
 * reference them in flows, realm exports and server options), so they never change once released.
 */
public final class ProviderIds {

    /** JPA entity provider, admin REST resource and event listener. Names the Liquibase changelog table: permanent. */
    public static final String COMPROMISED_CREDENTIALS = "compromised-credentials";

    /** The login-time authenticator offered in the flow editor. */
    public static final String CHECK_AUTHENTICATOR = "compromised-credentials-check";

    /** The required action that walks a flagged user through the reset. Also the realm policy's home. */
    public static final String RESET_REQUIRED_ACTION = "COMPROMISED_PASSWORD_RESET";

    /** The Shared Signals receiver. */
    public static final String SSF_RECEIVER = "compromised-credentials-ssf";

    /**
     * The breached-password policy in the realm's password policy ({@code notCompromised(1)}). camelCase like
     * Keycloak's own policy ids; the breach source it asks is configured on {@link #BREACH_SPI}.
     */
    public static final String NOT_COMPROMISED_POLICY = "notCompromised";

    /** The flag store SPI and its JPA implementation; {@code jpa} is also the id of every other store's JPA factory. */
    public static final String FLAG_STORE_SPI = "compromised-credentials-flag-store";
    public static final String FLAG_STORE_JPA = "jpa";

    /** The email outbox SPI (notify/); its JPA implementation is {@link #FLAG_STORE_JPA}. */
    public static final String OUTBOX_SPI = "compromised-credentials-outbox";

    /** The Shared Signals transmitters and receipts SPI (ssf/); its JPA implementation is {@link #FLAG_STORE_JPA}. */
    public static final String TRANSMITTER_STORE_SPI = "compromised-credentials-transmitter-store";

    /** The login signals' counters, detections and address lists SPI (loginsignal/); JPA implementation {@link #FLAG_STORE_JPA}. */
    public static final String LOGIN_SIGNAL_STORE_SPI = "compromised-credentials-login-signal-store";

    /** The node's pool that checks leaked plaintexts against stored passwords ({@code leakVerification} {@code immediate}). */
    public static final String LEAK_VERIFIER_SPI = "compromised-credentials-leak-verifier";

    /** Where outbound requests may go: the SPI and its one provider ({@code --spi-compromised-credentials-outbound--default--allow}). */
    public static final String OUTBOUND_SPI = "compromised-credentials-outbound";
    public static final String OUTBOUND_DEFAULT = "default";

    /**
     * The node-wide services, each an SPI of its own with one provider, {@link #NODE_DEFAULT}, that owns its server
     * options ({@code --spi-<spi>--default--<option>}), its background jobs and their shutdown.
     */
    public static final String LOGIN_SIGNALS_SPI = "compromised-credentials-login-signals";
    public static final String EMAIL_SPI = "compromised-credentials-email";
    public static final String BREACH_SPI = "compromised-credentials-breach";
    public static final String SHARED_SIGNALS_SPI = "compromised-credentials-shared-signals";
    public static final String DIGEST_SPI = "compromised-credentials-digest";
    public static final String NODE_DEFAULT = "default";

    private ProviderIds() {
    }
}
