package com.compromisedcredentials.notify;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.FormerOptions;
import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The email outbox's dispatcher on this node: reads its server options ({@code --spi-compromised-credentials-email--default--...}),
 * and once Keycloak's start-up migration is done schedules it on every node, run by one node at a time cluster-wide.
 * The sending runs on the dispatcher's own threads (one that runs a round, {@code senders} that send), never on
 * Keycloak's timer thread. At shutdown the dispatcher takes no new messages, lets the emails being sent finish for a
 * while, stops its threads and closes its SMTP connections; an email whose send is cut off is rolled back or recorded as
 * a failed attempt, and is taken up again by any node.
 */
public class DefaultEmailDispatchFactory implements EmailDispatchFactory {

    static final String INTERVAL = "interval-seconds";
    static final String BATCH = "batch-size";
    static final String FIRST_RETRY = "first-retry-seconds";
    static final String MAX_RETRY = "max-retry-seconds";
    static final String MAX_ATTEMPTS = "max-attempts";
    static final String CLAIM = "claim-seconds";
    static final String SENDERS = "senders";
    static final String EMAILS_PER_CONNECTION = "emails-per-connection";

    private long intervalMillis;
    private OutboxDispatcher.Settings settings;
    private OutboxDispatcher dispatcher;

    @Override
    public OutboxDispatcher create(KeycloakSession session) {
        return dispatcher;
    }

    @Override
    public void init(Config.Scope options) {
        Config.Scope config = FormerOptions.of(options,
                ProviderIds.EMAIL_SPI, "events-listener", "compromised-credentials", Map.of(INTERVAL, "outbox-" + INTERVAL, BATCH, "outbox-" + BATCH, FIRST_RETRY, "outbox-" + FIRST_RETRY, MAX_RETRY, "outbox-" + MAX_RETRY,
                MAX_ATTEMPTS, "outbox-" + MAX_ATTEMPTS));
        intervalMillis = Math.max(1, config.getInt(INTERVAL, 10)) * 1000L;
        settings = new OutboxDispatcher.Settings(
                Math.max(1, config.getInt(BATCH, 200)),
                // how long a round holds the cluster's round lock (a burst's passes stop at half of it); also when a claim
                // committed by an earlier version (which claimed and sent in two transactions) may be taken up
                Math.max(Math.max(10, config.getInt(CLAIM, 60)) * 1000L, 4 * intervalMillis),
                Math.max(1, config.getInt(FIRST_RETRY, 30)) * 1000L,
                Math.max(1, config.getInt(MAX_RETRY, 900)) * 1000L,
                Math.max(1, config.getInt(MAX_ATTEMPTS, 50)),
                Math.max(1, config.getInt(SENDERS, 4)),
                Math.max(1, config.getInt(EMAILS_PER_CONNECTION, 100)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        dispatcher = new OutboxDispatcher(factory, settings);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                        new ClusterAwareScheduledTaskRunner(factory, dispatcher, intervalMillis), intervalMillis,
                        dispatcher.getTaskName()));
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("Interval (seconds)").helpText("How often the email outbox is dispatched.").add()
                .property().name(BATCH).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(200)
                .label("Batch size").helpText("Emails taken from the outbox per run.").add()
                .property().name(CLAIM).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(60)
                .label("Claim (seconds)").helpText("How long a node's dispatch round holds the cluster-wide round lock before another "
                        + "node may start one (at least 10, and at least 4 intervals); a burst's passes stop at half of it.").add()
                .property().name(SENDERS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(4)
                .label("Senders").helpText("Threads sending emails on this node, each over an SMTP connection it keeps open "
                        + "between emails.").add()
                .property().name(EMAILS_PER_CONNECTION).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(100)
                .label("Emails per connection").helpText("How many emails one kept SMTP connection carries before it is closed "
                        + "and a new one opened (at least 1; 1 opens a new connection for each email).").add()
                .property().name(FIRST_RETRY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .label("First retry (seconds)").helpText("Wait after a failed send; doubles with each failure.").add()
                .property().name(MAX_RETRY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(900)
                .label("Longest retry wait (seconds)").helpText("The back-off never waits longer than this.").add()
                .property().name(MAX_ATTEMPTS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(50)
                .label("Attempts per email").helpText("After this many failed sends an email is given up and recorded as skipped.").add()
                .build();
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Override
    public String getId() {
        return ProviderIds.NODE_DEFAULT;
    }
}
