package com.compromisedcredentials.loginsignal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;

/**
 * Login-signal meters in Keycloak's Micrometer registry (the global one, where Keycloak's own event metrics are),
 * shown on the management port's {@code /metrics} when Keycloak is built with {@code --metrics-enabled=true}.
 * Counts are this node's: sum them over the nodes of a cluster. Without metrics enabled the registry has no backend
 * and every increment is a no-op; if Micrometer were missing altogether, nothing is registered.
 * <ul>
 * <li>{@code compromised_credentials_login_events_total}: logins seen by the listener in realms with login signals on</li>
 * <li>{@code compromised_credentials_login_events_dropped_total}: of those, dropped (queue full, or a flush failed)</li>
 * <li>{@code compromised_credentials_login_queue_size}: logins waiting to be counted</li>
 * <li>{@code compromised_credentials_login_attacks_detected_total{realm,kind}}: new detections</li>
 * <li>{@code compromised_credentials_login_accounts_flagged_total{realm,kind}}, {@code ..._held_total},
 * {@code ..._recorded_total}: accounts that logged in during a detection, by what came of them</li>
 * </ul>
 */
public final class LoginSignalMetrics {

    private static final Logger LOG = Logger.getLogger(LoginSignalMetrics.class);

    private final MeterRegistry registry;

    private LoginSignalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the node's meters over its queue. */
    public static LoginSignalMetrics register(LoginSignalQueue queue) {
        try {
            MeterRegistry registry = Metrics.globalRegistry;
            FunctionCounter.builder("compromised.credentials.login.events", queue, LoginSignalQueue::seen)
                    .description("Logins seen by the compromised-credentials listener in realms with login signals on")
                    .register(registry);
            FunctionCounter.builder("compromised.credentials.login.events.dropped", queue, LoginSignalQueue::dropped)
                    .description("Logins not counted: the queue was full, or writing them failed")
                    .register(registry);
            Gauge.builder("compromised.credentials.login.queue.size", queue, LoginSignalQueue::size)
                    .description("Logins waiting to be counted").register(registry);
            return new LoginSignalMetrics(registry);
        } catch (LinkageError e) {
            LOG.infof("Micrometer is not available (%s): login-signal metrics are off; see the admin API's login-signals/stats", e);
            return new LoginSignalMetrics(null);
        }
    }

    public void detected(String realm, DetectionKind kind) {
        increment("compromised.credentials.login.attacks.detected", "Attacks and listed-address logins detected", realm, kind, 1);
    }

    public void flagged(String realm, DetectionKind kind, long accounts) {
        increment("compromised.credentials.login.accounts.flagged", "Accounts flagged after a login during a detection", realm, kind, accounts);
    }

    public void held(String realm, DetectionKind kind, long accounts) {
        increment("compromised.credentials.login.accounts.held", "Accounts in batches held by the blast-radius limit", realm, kind, accounts);
    }

    public void recorded(String realm, DetectionKind kind, long accounts) {
        increment("compromised.credentials.login.accounts.recorded", "Accounts whose login during a detection was only recorded", realm, kind, accounts);
    }

    private void increment(String name, String description, String realm, DetectionKind kind, long amount) {
        if (registry == null || amount <= 0) {
            return;
        }
        Counter.builder(name).description(description).tag("realm", realm).tag("kind", kind.wireName())
                .register(registry).increment(amount);
    }
}
