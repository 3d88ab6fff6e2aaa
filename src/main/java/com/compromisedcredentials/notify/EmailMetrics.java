package com.compromisedcredentials.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;

/**
 * The outbox's meters in Keycloak's Micrometer registry (as {@code LoginSignalMetrics}: shown on the management port's
 * {@code /metrics} when Keycloak is built with {@code --metrics-enabled=true}; counts are this node's). Each is tagged
 * with the realm's name:
 * <ul>
 * <li>{@code compromised_credentials_emails_sent_total}: emails the SMTP server accepted</li>
 * <li>{@code compromised_credentials_emails_bounced_total}: refused for good (5xx), not retried</li>
 * <li>{@code compromised_credentials_emails_retried_total}: temporary failures, tried again later</li>
 * <li>{@code compromised_credentials_emails_given_up_total}: given up after the server option's attempts</li>
 * </ul>
 */
final class EmailMetrics {

    private static final Logger LOG = Logger.getLogger(EmailMetrics.class);

    private final MeterRegistry registry;

    private EmailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    static EmailMetrics register() {
        try {
            return new EmailMetrics(Metrics.globalRegistry);
        } catch (LinkageError e) {
            LOG.infof("Micrometer is not available (%s): email metrics are off; see the admin API's stats", e);
            return new EmailMetrics(null);
        }
    }

    void sent(String realm) {
        increment("compromised.credentials.emails.sent", "Emails the SMTP server accepted", realm);
    }

    void bounced(String realm) {
        increment("compromised.credentials.emails.bounced", "Emails the SMTP server refused for good (5xx); not retried", realm);
    }

    void retried(String realm) {
        increment("compromised.credentials.emails.retried", "Temporary SMTP failures; the email is tried again later", realm);
    }

    void gaveUp(String realm) {
        increment("compromised.credentials.emails.given.up", "Emails given up after their attempts", realm);
    }

    private void increment(String name, String description, String realm) {
        if (registry == null) {
            return;
        }
        try {
            Counter.builder(name).description(description).tag("realm", realm).register(registry).increment();
        } catch (LinkageError | RuntimeException e) {
            LOG.debugf("Email metric %s not counted: %s", name, e);
        }
    }
}
