package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.set.JwksKeySource;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.compromisedcredentials.FormerOptions;
import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.support.net.OutboundAddressesFactory;
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
 * The Shared Signals receiver on this node ({@link SsfReceiver}): reads its server options
 * ({@code --spi-compromised-credentials-shared-signals--default--...}: {@value #POLL_INTERVAL}, {@value #POLL_MAX_EVENTS},
 * {@value #POLL_TIMEOUT}, {@value #PHONE_ATTRIBUTE}, {@value #JWKS_CACHE}, {@value #JWKS_MAX_STALE}), schedules the
 * poller ({@link TransmitterPoller}) once Keycloak's start-up migration is done, and stops it at shutdown.
 */
public class DefaultSharedSignalsFactory implements SharedSignalsFactory {

    static final String POLL_INTERVAL = "poll-interval-seconds";
    static final String POLL_MAX_EVENTS = "poll-max-events";
    static final String POLL_TIMEOUT = "poll-timeout-seconds";
    static final String PHONE_ATTRIBUTE = "phone-number-attribute";
    static final String JWKS_CACHE = "jwks-cache-seconds";
    static final String JWKS_MAX_STALE = "jwks-max-stale-seconds";

    private Duration pollInterval;
    private int pollMaxEvents;
    private Duration pollTimeout;
    private String phoneAttribute;
    private JwksKeySource.Settings jwks;
    private SsfReceiver receiver;
    private TransmitterPoller poller;

    @Override
    public SsfReceiver create(KeycloakSession session) {
        return receiver;
    }

    @Override
    public void init(Config.Scope options) {
        Config.Scope config = FormerOptions.of(options,
                ProviderIds.SHARED_SIGNALS_SPI, "realm-restapi-extension", ProviderIds.SSF_RECEIVER, Stream.of(POLL_INTERVAL, POLL_MAX_EVENTS, POLL_TIMEOUT, PHONE_ATTRIBUTE, JWKS_CACHE, JWKS_MAX_STALE)
                .collect(Collectors.toMap(o -> o, o -> o)));
        pollInterval = Duration.ofSeconds(Math.max(1, config.getInt(POLL_INTERVAL, 30)));
        pollMaxEvents = Math.min(1000, Math.max(1, config.getInt(POLL_MAX_EVENTS, 100)));
        pollTimeout = Duration.ofSeconds(Math.min(300, Math.max(1, config.getInt(POLL_TIMEOUT, 10))));
        phoneAttribute = config.get(PHONE_ATTRIBUTE, "phoneNumber").trim();
        jwks = JwksKeySource.Settings.DEFAULTS.withCache(
                Duration.ofSeconds(Math.max(1, config.getInt(JWKS_CACHE, (int) JwksKeySource.Settings.DEFAULTS.ttl().toSeconds()))),
                Duration.ofSeconds(Math.max(0, config.getInt(JWKS_MAX_STALE, (int) JwksKeySource.Settings.DEFAULTS.maxStale().toSeconds()))));
    }

    /** The receiver is made once every factory is initialised: its HTTP client needs the server's outbound allow-list. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        receiver = SsfReceiver.of(pollInterval, pollMaxEvents, pollTimeout, phoneAttribute, jwks, OutboundAddressesFactory.of(factory));
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                schedulePoller(factory);
            }
        });
    }

    /** Scheduled on every node, run by one node at a time cluster-wide. */
    private void schedulePoller(KeycloakSessionFactory factory) {
        poller = new TransmitterPoller(factory, receiver);
        long interval = receiver.pollInterval().toMillis();
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                new ClusterAwareScheduledTaskRunner(factory, poller, interval), interval, poller.getTaskName()));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(POLL_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .label("Poll interval (seconds)")
                .helpText("How often transmitters configured for poll delivery are polled, once per interval cluster-wide.").add()
                .property().name(POLL_MAX_EVENTS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(100)
                .label("SETs per poll").helpText("The maxEvents of each poll request (1-1000).").add()
                .property().name(POLL_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .label("Poll timeout (seconds)").helpText("The deadline of one poll request, connection to last byte.").add()
                .property().name(PHONE_ATTRIBUTE).type(ProviderConfigProperty.STRING_TYPE).defaultValue("phoneNumber")
                .label("Phone number attribute")
                .helpText("The user attribute matched against phone_number subjects (E.164, compared exactly); empty for none.").add()
                .property().name(JWKS_CACHE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(600)
                .label("JWKS cache (seconds)")
                .helpText("How long a transmitter's fetched keys are used before they are fetched again (an unknown kid "
                        + "fetches sooner). A successful fetch replaces the whole set: withdrawn keys are no longer trusted.").add()
                .property().name(JWKS_MAX_STALE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(3600)
                .label("JWKS trusted while unreachable (seconds)")
                .helpText("While fetches of a transmitter's keys fail, the last keys stay trusted this long past the cache "
                        + "time, then SETs wait until a fetch succeeds (0: never past the cache time).").add()
                .build();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
    }

    @Override
    public String getId() {
        return ProviderIds.NODE_DEFAULT;
    }
}
