package com.compromisedcredentials.loginsignal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs on every node, every {@code login-signals-flush-interval-seconds}: takes the queued logins (a chunk at a
 * time, so memory stays bounded however long the queue was), folds them per realm ({@link WindowAggregator}) and
 * adds them to the shared counters, one transaction per realm. Failed logins are always counted; a successful one is
 * kept only if its address bucket had failed logins in the realm's window, or its address is on one of the realm's
 * lists, so that everyday logins cost nothing in the database. A flush that fails loses its logins, counted as dropped.
 */
final class LoginSignalFlusher implements Runnable {

    static final String TASK_NAME = "compromised-credentials-login-flush";
    /** Logins folded per transaction. */
    static final int CHUNK = 5_000;

    private static final Logger LOG = Logger.getLogger(LoginSignalFlusher.class);

    private final KeycloakSessionFactory factory;
    private final LoginSignals signals;

    LoginSignalFlusher(KeycloakSessionFactory factory, LoginSignals signals) {
        this.factory = factory;
        this.signals = signals;
    }

    @Override
    public void run() {
        LoginSignalQueue queue = signals.queue();
        // at most a queue's worth per run, so that a flood cannot keep the timer thread to itself
        int budget = Math.max(CHUNK, queue.capacity());
        int done = 0;
        while (done < budget) {
            List<LoginObservation> chunk = queue.drain(Math.min(CHUNK, budget - done));
            if (chunk.isEmpty()) {
                break;
            }
            done += chunk.size();
            flush(chunk);
        }
        signals.flushed(0, Time.currentTimeMillis());
    }

    private void flush(List<LoginObservation> chunk) {
        Map<String, List<LoginObservation>> byRealm = chunk.stream()
                .collect(Collectors.groupingBy(LoginObservation::realmId, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<LoginObservation>> realm : byRealm.entrySet()) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> flushRealm(session, realm.getKey(), realm.getValue()));
                signals.flushed(realm.getValue().size(), Time.currentTimeMillis());
            } catch (RuntimeException e) {
                signals.queue().lost(realm.getValue().size());
                LOG.warnf("Could not count %d logins of realm %s; they are dropped: %s", realm.getValue().size(), realm.getKey(), e.toString());
                LOG.debug("Flush failure", e);
            }
        }
    }

    private void flushRealm(KeycloakSession session, String realmId, List<LoginObservation> logins) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        LoginSignalPolicy policy = LoginSignalPolicy.of(realm);
        if (!policy.enabled()) {
            return; // turned off since these were queued
        }
        LoginSignalStore store = session.getProvider(LoginSignalStore.class);
        boolean anySuccess = logins.stream().anyMatch(LoginObservation::success);
        WindowAggregator aggregator = new WindowAggregator(policy, new UserKeys(realmSecret(session, realm)),
                anySuccess ? signals.lists().matcher(store, realmId, policy.lists()) : address -> Optional.empty());
        logins.forEach(aggregator::add);
        store.addFailures(realmId, aggregator.failures());

        Collection<WindowAggregator.Success> successes = aggregator.successes();
        if (!successes.isEmpty()) {
            long since = WindowAggregator.slice(Time.currentTimeMillis() - policy.longestWindowMillis());
            Set<String> unlisted = successes.stream().filter(s -> s.listSource() == null).map(WindowAggregator.Success::bucket)
                    .collect(Collectors.toSet());
            Set<String> suspicious = unlisted.isEmpty() ? Set.of() : store.bucketsWithFailures(realmId, unlisted, since);
            List<WindowAggregator.Success> kept = successes.stream()
                    .filter(s -> s.listSource() != null || suspicious.contains(s.bucket())).toList();
            store.addSuccesses(realmId, kept);
        }
        if (aggregator.skipped() > 0) {
            LOG.debugf("Realm %s: %d logins not counted (ignored address, or not an IP literal)", realm.getName(), aggregator.skipped());
        }
    }

    /**
     * The secret the realm's username keys are made with: its active HMAC signing key, which every node shares
     * through the database. A realm without one (an admin removed it) falls back to its id, which still counts
     * correctly but protects the keys less.
     */
    static byte[] realmSecret(KeycloakSession session, RealmModel realm) {
        try {
            KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
            if (key != null && key.getSecretKey() != null && key.getSecretKey().getEncoded() != null) {
                return key.getSecretKey().getEncoded();
            }
        } catch (RuntimeException e) {
            LOG.debugf("Realm %s has no active HS512 key; username keys fall back to the realm id", realm.getName());
        }
        return ("realm:" + realm.getId()).getBytes(StandardCharsets.UTF_8);
    }
}
