package com.compromisedcredentials.breach;

import java.io.Closeable;

/**
 * Where breach counts come from: the HIBP range API ({@link HibpRangeClient}) or an offline corpus
 * ({@link OfflineCorpus}). Implementations are thread-safe and shared by every request.
 */
public interface BreachSource extends Closeable {

    /**
     * How many times the password with this SHA-1 was seen in breaches; 0 when it never was.
     *
     * @throws BreachLookupException when the source cannot answer
     */
    long breachCount(PasswordSha1 hash) throws BreachLookupException;

    /** Releases files or connections; the default has none. */
    @Override
    default void close() {
    }
}
