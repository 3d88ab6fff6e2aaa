package com.compromisedcredentials.loginsignal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.ListSource;
import com.compromisedcredentials.support.net.OutboundAddresses;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Login signals on this node: the queue the event listener feeds, the meters, the compiled address lists, and the
 * three background jobs:
 * <ul>
 * <li>the <b>flusher</b>, on every node ({@link LoginSignalFlusher}): adds the queued logins to the shared counters;</li>
 * <li>the <b>detector</b>, once per interval cluster-wide ({@link LoginSignalDetector}): finds attacks, acts on the
 * logins during them, forgets old counts;</li>
 * <li>the <b>list refresher</b>, once per interval cluster-wide ({@link AddressListRefresher}).</li>
 * </ul>
 * Nothing here is on a login's path but {@link #observe}: a filter, one cached policy read and a non-blocking offer.
 */
public final class LoginSignals implements Provider {

    private static final Logger LOG = Logger.getLogger(LoginSignals.class);

    /** This node's login signals ({@link DefaultLoginSignalsFactory} holds them). */
    public static LoginSignals of(KeycloakSession session) {
        return session.getProvider(LoginSignals.class);
    }

    /**
     * Server options, read once at start-up. {@code maxListsPerRealm}, {@code listMaxEntries} and
     * {@code maxTotalEntries} bound the memory address lists take on every node, whatever realm admins configure.
     */
    public record Settings(int queueCapacity, long flushIntervalMillis, long detectIntervalMillis, long listRefreshMillis,
            Duration listTimeout, int listMaxEntries, int listMaxBytes, Path listDirectory, long retentionMillis,
            int maxListsPerRealm, long maxTotalEntries) {
    }

    /** What this node has done, for the admin API. */
    public record NodeStats(long seen, long dropped, long counted, int queued, int capacity, long lastFlushAt, long lastDetectionAt) {
    }

    private final Settings settings;
    private final LoginSignalQueue queue;
    private final LoginSignalMetrics metrics;
    private final AddressListCache lists;
    private final AtomicLong counted = new AtomicLong();
    private final AtomicLong lastFlushAt = new AtomicLong();
    private final AtomicLong lastDetectionAt = new AtomicLong();
    private volatile BoundedHttp http;
    private volatile boolean stopped;

    public LoginSignals(Settings settings) {
        this.settings = settings;
        this.queue = new LoginSignalQueue(settings.queueCapacity());
        this.metrics = LoginSignalMetrics.register(queue);
        this.lists = new AddressListCache(settings.maxTotalEntries());
    }

    /**
     * What in a realm policy the server's caps refuse: more address lists than the server option {@code max-lists}.
     * Called where the policy is validated, so that the admin API answers 400 before anything is stored.
     */
    public List<String> policyProblems(Map<String, String> config) {
        String setting = config.get(PolicySetting.LOGIN_SIGNALS_ADDRESS_LISTS.key());
        if (setting == null || ListSource.problem(setting) != null) {
            return List.of(); // no lists, or refused already for what they are
        }
        int count = ListSource.parseAll(setting).size();
        return count <= settings.maxListsPerRealm() ? List.of()
                : List.of(PolicySetting.LOGIN_SIGNALS_ADDRESS_LISTS.key() + ": " + count + " lists, more than this server allows per realm ("
                        + settings.maxListsPerRealm() + ", server option --spi-" + ProviderIds.LOGIN_SIGNALS_SPI + "--default--max-lists)");
    }

    /** The listener's part: queue a login of a realm with login signals on. Never blocks, never touches the database. */
    public void observe(KeycloakSession session, Event event) {
        Optional<LoginObservation> login = LoginEvents.observe(event);
        if (login.isEmpty()) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !realm.getId().equals(event.getRealmId())) {
            realm = session.realms().getRealm(event.getRealmId());
        }
        if (!stopped && realm != null && LoginSignalPolicy.enabled(realm)) {
            queue.offer(login.get());
        }
    }

    /** Schedules the background jobs (after Keycloak's start-up migration). */
    public void schedule(KeycloakSessionFactory factory) {
        LoginSignalFlusher flusher = new LoginSignalFlusher(factory, this);
        LoginSignalDetector detector = new LoginSignalDetector(factory, this);
        AddressListRefresher refresher = new AddressListRefresher(factory, this);
        long refreshEvery = Math.min(settings.listRefreshMillis(), 60_000L);
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.schedule(flusher, settings.flushIntervalMillis(), LoginSignalFlusher.TASK_NAME);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, detector, settings.detectIntervalMillis()),
                    settings.detectIntervalMillis(), detector.getTaskName());
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, refresher, refreshEvery), refreshEvery, refresher.getTaskName());
        });
    }

    /** At shutdown: no more logins are taken (the ones still queued are not counted; the log says how many). */
    void stop() {
        stopped = true;
        if (queue.size() > 0) {
            LOG.infof("Login signals: %d logins queued on this node were not counted (shutdown)", queue.size());
        }
    }

    /** Node-wide: the factory stops it at shutdown. */
    @Override
    public void close() {
    }

    public NodeStats nodeStats() {
        return new NodeStats(queue.seen(), queue.dropped(), counted.get(), queue.size(), queue.capacity(), lastFlushAt.get(),
                lastDetectionAt.get());
    }

    Settings settings() {
        return settings;
    }

    LoginSignalQueue queue() {
        return queue;
    }

    LoginSignalMetrics metrics() {
        return metrics;
    }

    AddressListCache lists() {
        return lists;
    }

    void flushed(int logins, long at) {
        counted.addAndGet(logins);
        lastFlushAt.set(at);
    }

    void detectionRan(long at) {
        lastDetectionAt.set(at);
    }

    /** One HTTP client for list downloads per node (it owns a thread), made when first needed. */
    BoundedHttp http(KeycloakSession session) {
        BoundedHttp client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = BoundedHttp.newClient(settings.listTimeout(), session.getProvider(OutboundAddresses.class));
                }
                client = http;
            }
        }
        return client;
    }
}
