package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.set.JwksKeySource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.compromisedcredentials.support.net.BoundedHttp;

/**
 * This node's key sources, one per transmitter, so that fetched JWKS are cached between SETs
 * ({@link JwksKeySource} decides when to fetch again). A transmitter whose configuration changed gets a fresh source.
 * Public keys only; every node keeps its own copy, which is fine for a cache. The entry of a deleted transmitter
 * stays (ids are never reused) until the server restarts: a few public keys.
 */
final class TransmitterKeys {

    private record Entry(long updatedAt, JwksKeySource keys) {
    }

    private final BoundedHttp http;
    private final JwksKeySource.Settings settings;
    private final ConcurrentMap<String, Entry> byTransmitter = new ConcurrentHashMap<>();

    TransmitterKeys(BoundedHttp http, JwksKeySource.Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    JwksKeySource of(StoredTransmitter transmitter) {
        return byTransmitter.compute(transmitter.id(), (id, cached) -> cached != null && cached.updatedAt() == transmitter.updatedAt()
                ? cached
                : new Entry(transmitter.updatedAt(), JwksKeySource.forTransmitter(transmitter.config(), http, settings))).keys();
    }
}
