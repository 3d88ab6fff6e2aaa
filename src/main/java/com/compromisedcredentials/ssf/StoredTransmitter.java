package com.compromisedcredentials.ssf;

import java.util.Objects;

/**
 * A transmitter as an admin registered it in a realm: its configuration (with its bearer tokens) and what this
 * receiver has seen of it. Times are epoch milliseconds.
 *
 * @param id             the id in the push endpoint's URL and the admin API
 * @param realmId        the realm whose accounts its SETs may flag
 * @param config         the configuration, secrets included
 * @param enabled        false: its pushes are refused ({@code access_denied}) and it is not polled
 * @param realmIssuer    the realm's issuer URL when the transmitter was last saved; a background poll, which has no
 *                       request to read it from, matches {@code iss_sub} subjects against it
 * @param createdAt      when it was registered
 * @param createdBy      the admin who registered it
 * @param updatedAt      when its configuration last changed; keys cached for an older one are not used
 * @param lastReceivedAt when a SET of it was last accepted, or null
 * @param lastPollAt     when it was last polled, or null
 * @param lastPollError  why the last poll failed, or null if it worked
 */
public record StoredTransmitter(
        String id,
        String realmId,
        TransmitterConfig config,
        boolean enabled,
        String realmIssuer,
        long createdAt,
        String createdBy,
        long updatedAt,
        Long lastReceivedAt,
        Long lastPollAt,
        String lastPollError) {

    public StoredTransmitter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realmId, "realmId");
        Objects.requireNonNull(config, "config");
    }
}
