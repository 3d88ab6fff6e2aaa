package com.compromisedcredentials.loginsignal;

/**
 * One login as the event listener saw it, waiting in the node's queue: small, no secrets. {@code username} is what
 * was typed (a failed login may name no account), {@code userId} the account when Keycloak found one, {@code address}
 * the client address as Keycloak resolved it.
 */
public record LoginObservation(String realmId, boolean success, String address, String username, String userId, long at) {

    /** Longest username kept; longer input is cut (it is only counted, never shown). */
    static final int MAX_USERNAME = 256;
    /** Longest address text accepted (a bracketed IPv6 literal with a zone). */
    static final int MAX_ADDRESS = 64;
}
