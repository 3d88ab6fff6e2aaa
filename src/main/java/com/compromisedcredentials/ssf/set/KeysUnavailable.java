package com.compromisedcredentials.ssf.set;

/**
 * The transmitter's signing keys could not be had (the JWKS URL timed out, answered an error or something that
 * is not a key set) and no usable copy is cached. Not the SET's fault: a push is answered with a 5xx and a polled
 * SET is neither acknowledged nor refused, so the transmitter delivers it again later.
 */
public class KeysUnavailable extends RuntimeException {

    public KeysUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
