package com.compromisedcredentials.events;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.install.RealmInstaller;
import com.compromisedcredentials.notify.OutboxDispatcher;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The {@code compromised-credentials} event listener. Also makes "installing is enough" true: at start-up
 * and whenever a realm is created it registers the required action and this listener in the realm, unless
 * the server option {@code --spi-events-listener--compromised-credentials--auto-register=false} is set; and
 * it schedules the email outbox's dispatcher ({@code outbox-*} options).
 */
public class CompromisedCredentialsEventListenerFactory implements EventListenerProviderFactory {

    static final String AUTO_REGISTER = "auto-register";
    static final String OUTBOX_INTERVAL = "outbox-interval-seconds";
    static final String OUTBOX_BATCH = "outbox-batch-size";
    static final String OUTBOX_FIRST_RETRY = "outbox-first-retry-seconds";
    static final String OUTBOX_MAX_RETRY = "outbox-max-retry-seconds";
    static final String OUTBOX_MAX_ATTEMPTS = "outbox-max-attempts";

    private boolean autoRegister = true;
    private long outboxIntervalMillis;
    private OutboxDispatcher.Settings outboxSettings;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new CompromisedCredentialsEventListener(session);
    }

    @Override
    public void init(Config.Scope config) {
        autoRegister = config.getBoolean(AUTO_REGISTER, true);
        outboxIntervalMillis = Math.max(1, config.getInt(OUTBOX_INTERVAL, 10)) * 1000L;
        outboxSettings = new OutboxDispatcher.Settings(
                Math.max(1, config.getInt(OUTBOX_BATCH, 200)),
                Math.max(60_000L, 4 * outboxIntervalMillis),
                Math.max(1, config.getInt(OUTBOX_FIRST_RETRY, 30)) * 1000L,
                Math.max(1, config.getInt(OUTBOX_MAX_RETRY, 900)) * 1000L,
                Math.max(1, config.getInt(OUTBOX_MAX_ATTEMPTS, 50)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                scheduleOutbox(factory);
                if (autoRegister) {
                    KeycloakModelUtils.runJobInTransaction(factory, session ->
                            session.realms().getRealmsStream().forEach(realm -> RealmInstaller.install(session, realm)));
                }
            } else if (autoRegister && event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmInstaller.install(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
    }

    /** The outbox dispatcher: scheduled on every node, run by one node at a time cluster-wide. */
    private void scheduleOutbox(KeycloakSessionFactory factory) {
        OutboxDispatcher dispatcher = new OutboxDispatcher(factory, outboxSettings);
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                new ClusterAwareScheduledTaskRunner(factory, dispatcher, outboxIntervalMillis), outboxIntervalMillis,
                dispatcher.getTaskName()));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(AUTO_REGISTER)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("Register in every realm")
                .helpText("At start-up and on realm creation, register and enable the COMPROMISED_PASSWORD_RESET "
                        + "required action and add this event listener to each realm. Turn off to manage realms as code.")
                .defaultValue(true)
                .add()
                .property().name(OUTBOX_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("Outbox interval (seconds)").helpText("How often the email outbox is dispatched.").add()
                .property().name(OUTBOX_BATCH).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(200)
                .label("Outbox batch size").helpText("Emails taken from the outbox per run.").add()
                .property().name(OUTBOX_FIRST_RETRY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .label("First retry (seconds)").helpText("Wait after a failed send; doubles with each failure.").add()
                .property().name(OUTBOX_MAX_RETRY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(900)
                .label("Longest retry wait (seconds)").helpText("The back-off never waits longer than this.").add()
                .property().name(OUTBOX_MAX_ATTEMPTS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(50)
                .label("Attempts per email").helpText("After this many failed sends an email is given up and recorded as skipped.").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.COMPROMISED_CREDENTIALS;
    }
}
