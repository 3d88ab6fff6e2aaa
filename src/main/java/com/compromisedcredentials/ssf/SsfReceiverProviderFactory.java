package com.compromisedcredentials.ssf;

import java.time.Duration;
import java.util.List;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.support.net.OutboundAddressesFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The Shared Signals receiver, {@code compromised-credentials-ssf}: mounts the push endpoint
 * ({@link SsfPushResource}) under {@code /realms/{realm}/compromised-credentials-ssf} and schedules the poller
 * ({@link TransmitterPoller}). Server options ({@code --spi-realm-restapi-extension--compromised-credentials-ssf--...}):
 * {@value #POLL_INTERVAL}, {@value #POLL_MAX_EVENTS}, {@value #POLL_TIMEOUT}, {@value #PHONE_ATTRIBUTE}.
 */
public class SsfReceiverProviderFactory implements RealmResourceProviderFactory {

    static final String POLL_INTERVAL = "poll-interval-seconds";
    static final String POLL_MAX_EVENTS = "poll-max-events";
    static final String POLL_TIMEOUT = "poll-timeout-seconds";
    static final String PHONE_ATTRIBUTE = "phone-number-attribute";

    private Duration pollInterval;
    private int pollMaxEvents;
    private Duration pollTimeout;
    private String phoneAttribute;
    private SsfReceiver receiver;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new SsfPushResource(session, receiver);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        pollInterval = Duration.ofSeconds(Math.max(1, config.getInt(POLL_INTERVAL, 30)));
        pollMaxEvents = Math.min(1000, Math.max(1, config.getInt(POLL_MAX_EVENTS, 100)));
        pollTimeout = Duration.ofSeconds(Math.min(300, Math.max(1, config.getInt(POLL_TIMEOUT, 10))));
        phoneAttribute = config.get(PHONE_ATTRIBUTE, "phoneNumber").trim();
    }

    /** The receiver is made once every factory is initialised: its HTTP client needs the server's outbound allow-list. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        receiver = SsfReceiver.of(pollInterval, pollMaxEvents, pollTimeout, phoneAttribute, OutboundAddressesFactory.of(factory));
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                schedulePoller(factory);
            }
        });
    }

    /** Scheduled on every node, run by one node at a time cluster-wide. */
    private void schedulePoller(KeycloakSessionFactory factory) {
        TransmitterPoller poller = new TransmitterPoller(factory, receiver);
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
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.SSF_RECEIVER;
    }
}
