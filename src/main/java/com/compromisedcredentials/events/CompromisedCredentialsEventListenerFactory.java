package com.compromisedcredentials.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.install.RealmInstaller;
import com.compromisedcredentials.install.SupportedKeycloak;
import com.compromisedcredentials.loginsignal.LoginSignals;
import com.compromisedcredentials.intake.SuspicionExpiry;
import com.compromisedcredentials.notify.OutboxDispatcher;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Version;
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
 * the server option {@code --spi-events-listener--compromised-credentials--auto-register=false} is set; it
 * schedules the email outbox's dispatcher ({@code outbox-*} options); and it runs login signals on this node
 * ({@link LoginSignals}, {@code login-signals-*} options).
 */
public class CompromisedCredentialsEventListenerFactory implements EventListenerProviderFactory, LoginSignals.Holder {

    private static final Logger LOG = Logger.getLogger(CompromisedCredentialsEventListenerFactory.class);

    static final String AUTO_REGISTER = "auto-register";
    static final String OUTBOX_INTERVAL = "outbox-interval-seconds";
    static final String OUTBOX_BATCH = "outbox-batch-size";
    static final String OUTBOX_FIRST_RETRY = "outbox-first-retry-seconds";
    static final String OUTBOX_MAX_RETRY = "outbox-max-retry-seconds";
    static final String OUTBOX_MAX_ATTEMPTS = "outbox-max-attempts";
    static final String LS_QUEUE_SIZE = "login-signals-queue-size";
    static final String LS_FLUSH_INTERVAL = "login-signals-flush-interval-seconds";
    static final String LS_DETECT_INTERVAL = "login-signals-detect-interval-seconds";
    static final String LS_LIST_REFRESH = "login-signals-list-refresh-seconds";
    static final String LS_LIST_TIMEOUT = "login-signals-list-timeout-seconds";
    static final String LS_LIST_MAX_ENTRIES = "login-signals-list-max-entries";
    static final String LS_LIST_DIRECTORY = "login-signals-list-directory";
    static final String LS_RETENTION_DAYS = "login-signals-retention-days";
    static final String LS_MAX_LISTS = "login-signals-max-lists";
    static final String LS_MAX_TOTAL_ENTRIES = "login-signals-max-total-entries";
    /** Largest address list read, in bytes. */
    static final int LS_LIST_MAX_BYTES = 16 * 1024 * 1024;

    private boolean autoRegister = true;
    private long outboxIntervalMillis;
    private OutboxDispatcher.Settings outboxSettings;
    private LoginSignals loginSignals;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new CompromisedCredentialsEventListener(session, loginSignals);
    }

    /** Login signals on this node: its queue, meters and counts (the admin API shows them). */
    @Override
    public LoginSignals loginSignals() {
        return loginSignals;
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
        String listDirectory = config.get(LS_LIST_DIRECTORY, "").trim();
        loginSignals = new LoginSignals(new LoginSignals.Settings(
                Math.max(100, config.getInt(LS_QUEUE_SIZE, 20_000)),
                Math.max(1, config.getInt(LS_FLUSH_INTERVAL, 5)) * 1000L,
                Math.max(1, config.getInt(LS_DETECT_INTERVAL, 10)) * 1000L,
                Math.max(1, config.getInt(LS_LIST_REFRESH, 3600)) * 1000L,
                Duration.ofSeconds(Math.min(120, Math.max(1, config.getInt(LS_LIST_TIMEOUT, 10)))),
                Math.max(1, config.getInt(LS_LIST_MAX_ENTRIES, 200_000)),
                LS_LIST_MAX_BYTES,
                listDirectory.isEmpty() ? null : Path.of(listDirectory).toAbsolutePath().normalize(),
                Math.max(1, config.getInt(LS_RETENTION_DAYS, 30)) * 86_400_000L,
                Math.max(0, config.getInt(LS_MAX_LISTS, 10)),
                Math.max(0, config.getLong(LS_MAX_TOTAL_ENTRIES, 1_000_000L))));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SupportedKeycloak.problem(Version.VERSION).ifPresent(LOG::error);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                scheduleOutbox(factory);
                scheduleSuspicionExpiry(factory);
                loginSignals.schedule(factory);
                if (autoRegister) {
                    KeycloakModelUtils.runJobInTransaction(factory, session ->
                            session.realms().getRealmsStream().forEach(realm -> RealmInstaller.install(session, realm)));
                }
            } else if (autoRegister && event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmInstaller.install(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
    }

    /** Suspected flags past their realm's age: ended hourly, by one node at a time cluster-wide. */
    private static void scheduleSuspicionExpiry(KeycloakSessionFactory factory) {
        long every = 3_600_000L;
        SuspicionExpiry task = new SuspicionExpiry();
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                new ClusterAwareScheduledTaskRunner(factory, task, every), every, task.getTaskName()));
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
                .property().name(LS_QUEUE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(20_000)
                .label("Login signals: queue size")
                .helpText("Logins waiting to be counted on this node; when full, further logins are dropped and counted, never waited for.").add()
                .property().name(LS_FLUSH_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5)
                .label("Login signals: flush interval (seconds)").helpText("How often each node adds its queued logins to the shared counters.").add()
                .property().name(LS_DETECT_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("Login signals: detection interval (seconds)").helpText("How often attacks are looked for and acted on, by one node at a time.").add()
                .property().name(LS_LIST_REFRESH).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(3600)
                .label("Login signals: list refresh (seconds)").helpText("How often address lists are read again, by one node at a time.").add()
                .property().name(LS_LIST_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("Login signals: list download timeout (seconds)").helpText("The deadline of one list download, connection to last byte (1-120).").add()
                .property().name(LS_LIST_MAX_ENTRIES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(200_000)
                .label("Login signals: entries per list").helpText("A longer list is cut at this many entries (and the cut is logged).").add()
                .property().name(LS_LIST_DIRECTORY).type(ProviderConfigProperty.STRING_TYPE)
                .label("Login signals: list folder")
                .helpText("The folder file:/ list sources must be in; without it, file sources are refused.").add()
                .property().name(LS_RETENTION_DAYS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .label("Login signals: detections kept (days)").helpText("Detections are deleted this long after they ended.").add()
                .property().name(LS_MAX_LISTS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("Login signals: address lists per realm")
                .helpText("A realm policy naming more lists is refused (400).").add()
                .property().name(LS_MAX_TOTAL_ENTRIES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1_000_000)
                .label("Login signals: list entries in all")
                .helpText("The most entries all realms' lists hold together, stored and in each node's memory; a list that "
                        + "would pass it is refused and its realm's list shows why.").add()
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
