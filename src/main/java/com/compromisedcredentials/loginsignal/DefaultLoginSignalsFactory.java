package com.compromisedcredentials.loginsignal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.compromisedcredentials.FormerOptions;
import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Login signals on this node: reads their server options ({@code --spi-compromised-credentials-login-signals--default--...}),
 * schedules their background jobs once Keycloak's start-up migration is done, and stops taking logins at shutdown.
 */
public class DefaultLoginSignalsFactory implements LoginSignalsFactory {

    static final String QUEUE_SIZE = "queue-size";
    static final String FLUSH_INTERVAL = "flush-interval-seconds";
    static final String DETECT_INTERVAL = "detect-interval-seconds";
    static final String LIST_REFRESH = "list-refresh-seconds";
    static final String LIST_TIMEOUT = "list-timeout-seconds";
    static final String LIST_MAX_ENTRIES = "list-max-entries";
    static final String LIST_DIRECTORY = "list-directory";
    static final String RETENTION_DAYS = "retention-days";
    static final String MAX_LISTS = "max-lists";
    static final String MAX_TOTAL_ENTRIES = "max-total-entries";
    /** Largest address list read, in bytes. */
    static final int LIST_MAX_BYTES = 16 * 1024 * 1024;

    private LoginSignals loginSignals;

    @Override
    public LoginSignals create(KeycloakSession session) {
        return loginSignals;
    }

    @Override
    public void init(Config.Scope options) {
        Config.Scope config = FormerOptions.of(options,
                ProviderIds.LOGIN_SIGNALS_SPI, "events-listener", "compromised-credentials", Stream.of(QUEUE_SIZE, FLUSH_INTERVAL, DETECT_INTERVAL, LIST_REFRESH, LIST_TIMEOUT, LIST_MAX_ENTRIES, LIST_DIRECTORY,
                RETENTION_DAYS, MAX_LISTS, MAX_TOTAL_ENTRIES).collect(Collectors.toMap(o -> o, o -> "login-signals-" + o)));
        String listDirectory = config.get(LIST_DIRECTORY, "").trim();
        loginSignals = new LoginSignals(new LoginSignals.Settings(
                Math.max(100, config.getInt(QUEUE_SIZE, 20_000)),
                Math.max(1, config.getInt(FLUSH_INTERVAL, 5)) * 1000L,
                Math.max(1, config.getInt(DETECT_INTERVAL, 10)) * 1000L,
                Math.max(1, config.getInt(LIST_REFRESH, 3600)) * 1000L,
                Duration.ofSeconds(Math.min(120, Math.max(1, config.getInt(LIST_TIMEOUT, 10)))),
                Math.max(1, config.getInt(LIST_MAX_ENTRIES, 200_000)),
                LIST_MAX_BYTES,
                listDirectory.isEmpty() ? null : Path.of(listDirectory).toAbsolutePath().normalize(),
                Math.max(1, config.getInt(RETENTION_DAYS, 30)) * 86_400_000L,
                Math.max(0, config.getInt(MAX_LISTS, 10)),
                Math.max(0, config.getLong(MAX_TOTAL_ENTRIES, 1_000_000L))));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                loginSignals.schedule(factory);
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(QUEUE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(20_000)
                .label("queue size")
                .helpText("Logins waiting to be counted on this node; when full, further logins are dropped and counted, never waited for.").add()
                .property().name(FLUSH_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5)
                .label("flush interval (seconds)").helpText("How often each node adds its queued logins to the shared counters.").add()
                .property().name(DETECT_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("detection interval (seconds)").helpText("How often attacks are looked for and acted on, by one node at a time.").add()
                .property().name(LIST_REFRESH).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(3600)
                .label("list refresh (seconds)").helpText("How often address lists are read again, by one node at a time.").add()
                .property().name(LIST_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("list download timeout (seconds)").helpText("The deadline of one list download, connection to last byte (1-120).").add()
                .property().name(LIST_MAX_ENTRIES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(200_000)
                .label("entries per list").helpText("A longer list is cut at this many entries (and the cut is logged).").add()
                .property().name(LIST_DIRECTORY).type(ProviderConfigProperty.STRING_TYPE)
                .label("list folder")
                .helpText("The folder file:/ list sources must be in; without it, file sources are refused.").add()
                .property().name(RETENTION_DAYS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .label("detections kept (days)").helpText("Detections are deleted this long after they ended.").add()
                .property().name(MAX_LISTS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("address lists per realm")
                .helpText("A realm policy naming more lists is refused (400).").add()
                .property().name(MAX_TOTAL_ENTRIES).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1_000_000)
                .label("list entries in all")
                .helpText("The most entries all realms' lists hold together, stored and in each node's memory; a list that "
                        + "would pass it is refused and its realm's list shows why.").add()
                .build();
    }

    @Override
    public void close() {
        if (loginSignals != null) {
            loginSignals.stop();
        }
    }

    @Override
    public String getId() {
        return ProviderIds.NODE_DEFAULT;
    }
}
