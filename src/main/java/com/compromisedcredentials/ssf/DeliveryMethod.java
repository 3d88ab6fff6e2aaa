package com.compromisedcredentials.ssf;

import java.util.Optional;

import com.compromisedcredentials.support.web.WireName;

/** How a transmitter's SETs reach this receiver. The wire names are part of the transmitter configuration JSON. */
public enum DeliveryMethod implements WireName {
    /** The transmitter POSTs each SET to our endpoint (RFC 8935). */
    PUSH("push"),
    /** We POST to the transmitter's poll endpoint and receive queued SETs (RFC 8936). */
    POLL("poll");

    private final String wireName;

    DeliveryMethod(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<DeliveryMethod> fromWireName(String name) {
        return WireName.find(DeliveryMethod.class, name);
    }
}
