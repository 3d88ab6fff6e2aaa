package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.set.CompromiseEventMapper;
import com.compromisedcredentials.ssf.set.CompromiseSignal;
import com.compromisedcredentials.ssf.set.KeysUnavailable;
import com.compromisedcredentials.ssf.set.SecurityEvent;
import com.compromisedcredentials.ssf.set.SetRejected;
import com.compromisedcredentials.ssf.set.SetVerifier;
import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.TransmitterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Poll delivery (RFC 8936). Scheduled on every node and run by one node at a time cluster-wide (Keycloak's
 * cluster-aware task runner). Each run hands every enabled poll transmitter that is not being polled already to a
 * thread of its own (up to {@value #PARALLEL_TRANSMITTERS} at once) and returns: one realm's slow transmitter or
 * large backlog never holds up another realm's, not even the next run. Each transmitter is polled by one node at a
 * time cluster-wide (Keycloak's {@link ClusterProvider#executeIfNotExecuted}), so each queued SET is fetched and
 * acknowledged once, until it has nothing more (at most {@value #MAX_POLLS_PER_RUN} polls, and no new fetch once
 * the poll interval has passed). Every SET is verified,
 * then acted on in a transaction of its own ({@link SetIntake}); the next poll acknowledges the ones accepted
 * (and those received before, whose acknowledgement was lost) and refuses the others with their RFC 8935 error
 * ({@code setErrs}); a run ends with an acknowledge-only poll ({@code maxEvents} 0) when anything is left to say.
 * A SET whose keys could not be fetched, or that failed on this side, is neither acknowledged nor refused: the
 * transmitter delivers it again. The run also forgets receipts whose replay window has passed.
 */
final class TransmitterPoller implements ScheduledTask {

    static final int MAX_POLLS_PER_RUN = 20;
    static final int PARALLEL_TRANSMITTERS = 8;
    private static final int SWEEP_BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(TransmitterPoller.class);

    private final KeycloakSessionFactory factory;
    private final SsfReceiver receiver;
    /** Transmitters this node is polling now, so that a slow one is not queued twice. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newFixedThreadPool(PARALLEL_TRANSMITTERS, task -> {
        Thread thread = new Thread(task, "compromised-credentials-ssf-poll");
        thread.setDaemon(true);
        return thread;
    });

    TransmitterPoller(KeycloakSessionFactory factory, SsfReceiver receiver) {
        this.factory = factory;
        this.receiver = receiver;
    }

    @Override
    public String getTaskName() {
        return "compromised-credentials-ssf-poll";
    }

    @Override
    public void run(KeycloakSession session) {
        for (StoredTransmitter transmitter : session.getProvider(TransmitterStore.class).listPolled()) {
            if (inFlight.add(transmitter.id())) {
                try {
                    threads.execute(() -> {
                        try {
                            pollOnce(transmitter);
                        } finally {
                            inFlight.remove(transmitter.id());
                        }
                    });
                } catch (RejectedExecutionException e) {
                    inFlight.remove(transmitter.id()); // shutting down
                }
            }
        }
        int forgotten = session.getProvider(TransmitterStore.class).deleteExpiredReceipts(Time.currentTimeMillis(), SWEEP_BATCH);
        if (forgotten > 0) {
            LOG.debugf("Forgot %d SET receipts past their replay window", forgotten);
        }
    }

    /** Stops the polling threads (the server is stopping); polls in progress are interrupted. */
    void close() {
        threads.shutdownNow();
    }

    /** Polls one transmitter unless a node of the cluster is polling it already. */
    private void pollOnce(StoredTransmitter transmitter) {
        long until = System.nanoTime() + receiver.pollInterval().toNanos();
        int lockSeconds = (int) Math.min(Integer.MAX_VALUE, receiver.pollInterval().toSeconds()
                + (MAX_POLLS_PER_RUN + 1) * receiver.pollTimeout().toSeconds() + 60);
        KeycloakSession session = factory.create();
        try {
            session.getProvider(ClusterProvider.class).executeIfNotExecuted(getTaskName() + "::" + transmitter.id(), lockSeconds, () -> {
                pollSafely(transmitter, until);
                return null;
            });
        } finally {
            session.close();
        }
    }

    private void pollSafely(StoredTransmitter transmitter, long untilNanos) {
        try {
            poll(transmitter, untilNanos);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Polling transmitter %s of realm %s failed", transmitter.id(), transmitter.realmId());
        }
    }

    private void poll(StoredTransmitter transmitter, long untilNanos) {
        PollClient client = receiver.pollClient();
        SetVerifier verifier = receiver.verifier(transmitter);
        List<String> ack = new ArrayList<>();
        Map<String, SetRejected> setErrs = new LinkedHashMap<>();
        String error = null;
        int received = 0;
        boolean more = true;
        // the bound holds even against a transmitter that sends SETs to an acknowledge-only poll
        for (int polls = 0; polls <= MAX_POLLS_PER_RUN; polls++) {
            boolean fetch = more && polls < MAX_POLLS_PER_RUN && (polls == 0 || System.nanoTime() < untilNanos);
            if (!fetch && ack.isEmpty() && setErrs.isEmpty()) {
                break;
            }
            PollResponse response;
            try {
                response = client.poll(transmitter.config(), new PollRequest(ack, setErrs, fetch ? receiver.pollMaxEvents() : 0, true));
            } catch (PollFailed failed) {
                error = failed.getMessage();
                break;
            }
            ack = new ArrayList<>();
            setErrs = new LinkedHashMap<>();
            for (Map.Entry<String, String> delivered : response.sets().entrySet()) {
                received++;
                String failure = process(transmitter, verifier, delivered.getKey(), delivered.getValue(), ack, setErrs);
                error = failure != null ? failure : error;
            }
            more = fetch && response.moreAvailable() && !response.sets().isEmpty();
        }
        finish(transmitter, received, error);
    }

    /**
     * Verifies one SET and acts on it; adds its {@code jti} to {@code ack} or {@code setErrs}, or to neither.
     *
     * @return why it was left for later, or null
     */
    private String process(StoredTransmitter transmitter, SetVerifier verifier, String jti, String compact,
            List<String> ack, Map<String, SetRejected> setErrs) {
        try {
            SecurityEvent set = verifier.verify(compact, jti);
            List<CompromiseSignal> signals = new CompromiseEventMapper().map(set);
            SetIntake.Result result = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(transmitter.realmId());
                if (realm == null) {
                    return null;
                }
                session.getContext().setRealm(realm);
                return new SetIntake(session, realm, receiver.phoneAttribute())
                        .accept(transmitter, set, signals, DeliveryMethod.POLL, transmitter.realmIssuer());
            });
            if (result == null) {
                return "realm removed";
            }
            if (result.duplicate()) {
                LOG.debugf("SET %s from transmitter %s delivered again: acknowledged again", jti, transmitter.id());
            }
            ack.add(jti);
            return null;
        } catch (SetRejected rejected) {
            LOG.infof("SET %s polled from transmitter %s of realm %s refused: %s (%s)", abbreviate(jti), transmitter.id(),
                    transmitter.realmId(), rejected.code(), rejected.description());
            setErrs.put(jti, rejected);
            return null;
        } catch (KeysUnavailable unavailable) {
            LOG.debugf("SET %s from transmitter %s left for later: %s", abbreviate(jti), transmitter.id(), unavailable.getMessage());
            return unavailable.getMessage();
        } catch (RuntimeException e) {
            LOG.warnf(e, "SET %s from transmitter %s could not be processed; it will be delivered again", abbreviate(jti), transmitter.id());
            return "a SET could not be processed: " + e.getClass().getSimpleName();
        }
    }

    /** Records the poll on the transmitter; a new or changed error is a warning, the same one again is not. */
    private void finish(StoredTransmitter transmitter, int received, String error) {
        if (error != null && !error.equals(transmitter.lastPollError())) {
            LOG.warnf("Polling transmitter %s of realm %s: %s", transmitter.id(), transmitter.realmId(), error);
        } else if (error == null && transmitter.lastPollError() != null) {
            LOG.infof("Polling transmitter %s of realm %s works again", transmitter.id(), transmitter.realmId());
        }
        if (received > 0) {
            LOG.debugf("Polled transmitter %s of realm %s: %d SETs", transmitter.id(), transmitter.realmId(), received);
        }
        KeycloakModelUtils.runJobInTransaction(factory, session ->
                session.getProvider(TransmitterStore.class).pollFinished(transmitter.id(), Time.currentTimeMillis(), error));
    }

    /** A jti as the transmitter sent it may be anything: cut it for the log. */
    private static String abbreviate(String jti) {
        String clean = jti.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}
