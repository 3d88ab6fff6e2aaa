package com.compromisedcredentials.intake;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * The node's pool for {@code immediate} leak verification: {@code --spi-compromised-credentials-leak-verifier--default--threads}
 * threads (1), so that checking thousands of candidates (each an argon2 or PBKDF2 hash) takes at most that many cores
 * from logins. Candidates beyond the queue are left to the login check.
 */
public class LeakVerifierFactory implements ProviderFactory<LeakVerifier> {

    static final String THREADS = "threads";
    static final int QUEUE = 100_000;

    private int threads;
    private ThreadPoolExecutor pool;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public LeakVerifier create(KeycloakSession session) {
        return new LeakVerifier(sessionFactory, pool);
    }

    @Override
    public void init(Config.Scope config) {
        threads = Math.max(1, config.getInt(THREADS, 1));
    }

    /**
     * Also schedules the end of suspected flags past their realm's age (hourly) and the watch of staged batches (every
     * 15 s), each by one node at a time cluster-wide.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                long every = 3_600_000L;
                SuspicionExpiry task = new SuspicionExpiry();
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                        new ClusterAwareScheduledTaskRunner(factory, task, every), every, task.getTaskName()));
                CanaryWatch watch = new CanaryWatch(factory);
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                        new ClusterAwareScheduledTaskRunner(factory, watch, CanaryWatch.EVERY_MILLIS), CanaryWatch.EVERY_MILLIS,
                        watch.getTaskName()));
            }
        });
        sessionFactory = factory;
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "cc-leak-verifier-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return ProviderIds.NODE_DEFAULT;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(THREADS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1)
                .label("Threads").helpText("Threads per node checking leaked plaintext passwords against stored ones "
                        + "(leakVerification immediate).").add()
                .build();
    }
}
