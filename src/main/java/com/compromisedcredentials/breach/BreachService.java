package com.compromisedcredentials.breach;

import org.keycloak.provider.Provider;

/**
 * The breach source of this node, as its server options configured it, shared by every request: the
 * {@code notCompromised} password policy and the breached-password check at login both ask it. One instance per node
 * ({@link DefaultBreachServiceFactory} owns it and closes its source at shutdown).
 */
public final class BreachService implements Provider {

    private final BreachSettings settings;
    private final BreachCheck check;
    private final BreachLookupCounters counters;

    BreachService(BreachSettings settings, BreachCheck check, BreachLookupCounters counters) {
        this.settings = settings;
        this.check = check;
        this.counters = counters;
    }

    /** The check with minimum count 1; see {@link BreachCheck#withMinimumCount(long)}. */
    public BreachCheck check() {
        return check;
    }

    /** Results and lookup failures since start-up, on this node. */
    public BreachLookupCounters counters() {
        return counters;
    }

    public BreachSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        // node-wide: the factory closes the source
    }
}
