package com.compromisedcredentials.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.timer.ScheduledTask;

/**
 * Sends what waits in the outbox. Scheduled on every node; Keycloak's timer thread only hands a <em>round</em> to
 * this node's own dispatch thread (a slow SMTP server must not hold the timer, which runs every other scheduled job),
 * and a round runs on one node at a time cluster-wide (a cluster lock; one that outlasts the claim time lets another
 * node start one). A round hands each due message to one of the node's {@code senders} threads, which claims, renders,
 * sends and records it in one transaction: the claim's row lock keeps any other node from sending it, and a node that
 * dies mid-send leaves it unclaimed (messages a node of an earlier version left claimed are taken up again once their
 * claim expires). The senders keep SMTP connections open between
 * emails ({@link SmtpConnections}). Temporary SMTP failures are retried with exponential back-off; a permanent refusal
 * (5xx for the recipient or the message) is recorded as bounced at once. Each realm's emails per minute are limited
 * by its policy: a round takes no more of a realm's messages than its allowance, and waits for its sends to finish,
 * so that the next round counts them.
 *
 * <p>Fair across realms: a round takes each realm's due messages separately, at most its share of the batch and
 * never more than its allowance for the minute, starting with a different realm each round. One realm's backlog or
 * low email rate therefore never keeps another realm's emails waiting (a global "oldest first" would fill every
 * round with the realm that cannot send).
 */
public class OutboxDispatcher implements ScheduledTask, Provider {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    private static final String ROUND_LOCK = "compromised-credentials-outbox-round";

    /** Dispatcher settings (server options, read once at start-up). */
    public record Settings(int batchSize, long claimMillis, long firstRetryMillis, long maxRetryMillis, int maxAttempts, int senders,
            int emailsPerConnection) {
    }

    private final KeycloakSessionFactory factory;
    private final Settings settings;
    private final SmtpConnections smtp;
    private final EmailMetrics metrics = EmailMetrics.register();
    private final ExecutorService rounds = Executors.newSingleThreadExecutor(new BackgroundThreads("compromised-credentials-email-dispatch"));
    private final ExecutorService senders;
    private final AtomicBoolean roundRunning = new AtomicBoolean();
    private int runs;
    private volatile boolean stopped;

    public OutboxDispatcher(KeycloakSessionFactory factory, Settings settings) {
        this.factory = factory;
        this.settings = settings;
        this.smtp = new SmtpConnections(settings.emailsPerConnection());
        this.senders = Executors.newFixedThreadPool(settings.senders(), new BackgroundThreads("compromised-credentials-email-sender"));
        senders.execute(OutboxDispatcher::reportPriority);
    }

    /**
     * Once, on a sender thread: whether the OS runs the senders below the server's other threads. If it does not, a
     * burst of emails competes with logins for the CPU as an equal, and the admin is told which JVM options change that.
     */
    private static void reportPriority() {
        OptionalInt sender = BackgroundThreads.niceOfCurrentThread();
        OptionalInt server = BackgroundThreads.niceOfProcess();
        if (sender.isEmpty() || server.isEmpty()) {
            return; // not Linux: nothing to read, nothing to advise
        }
        if (sender.getAsInt() > server.getAsInt()) {
            LOG.debugf("Email senders run at OS nice %d, the server at %d: a burst of emails takes the CPU time requests leave",
                    sender.getAsInt(), server.getAsInt());
        } else {
            LOG.infof("Email senders run at the same OS priority as logins; for a burst of emails to take only the CPU time "
                    + "logins leave, start Keycloak with JAVA_OPTS_APPEND=\"%s\" (see the server options in the docs)",
                    BackgroundThreads.JVM_OPTIONS);
        }
    }

    /** On Keycloak's timer thread: starts a round on this node's dispatch thread unless one is running, and returns. */
    @Override
    public void run(KeycloakSession session) {
        if (stopped || !roundRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            rounds.execute(this::round);
        } catch (RejectedExecutionException e) {
            roundRunning.set(false); // shutting down
        }
    }

    private void round() {
        try {
            smtp.closeIdle();
            int lockSeconds = (int) Math.max(1, settings.claimMillis() / 1000);
            // a session without a transaction: the round's steps run in transactions of their own
            try (KeycloakSession session = factory.create()) {
                session.getProvider(ClusterProvider.class).executeIfNotExecuted(ROUND_LOCK, lockSeconds, () -> {
                    dispatch();
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox round failed, the next one tries again: %s", e.toString());
        } finally {
            roundRunning.set(false);
        }
    }

    /**
     * Passes over the due messages while a pass found more than it could take (a burst), for at most half the round's
     * lock time: a burst drains at the senders' pace, not one batch per timer tick (with the default 10 s interval and
     * 200 per batch that would cap a node at 20 emails a second). Each pass reads the realms' per-minute allowance afresh.
     */
    private void dispatch() {
        long until = System.currentTimeMillis() + settings.claimMillis() / 2;
        while (pass() && !stopped && System.currentTimeMillis() < until) {
            // the next pass at once
        }
    }

    /** One pass: takes each realm's share of the batch; true if some realm had more due than it took. */
    private boolean pass() {
        long now = Time.currentTimeMillis();
        List<String> realms = new ArrayList<>(KeycloakModelUtils.runJobInTransactionWithResult(factory,
                s -> s.getProvider(Outbox.class).dueRealms(now)));
        if (realms.isEmpty()) {
            return false;
        }
        realms.sort(null);
        Collections.rotate(realms, -(runs++ % realms.size())); // a different realm goes first each pass
        int share = Math.max(1, settings.batchSize() / realms.size());
        boolean more = false;
        List<Future<Boolean>> sends = new ArrayList<>();
        for (String realmId : realms) {
            long allowance = allowance(realmId, now);
            if (allowance <= 0) {
                continue; // this realm's minute is used up: its messages wait, the others' do not
            }
            int limit = (int) Math.min(share, allowance);
            List<OutboxMessage> due = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> s.getProvider(Outbox.class).due(realmId, now, limit));
            more |= due.size() == limit;
            for (OutboxMessage message : due) {
                try {
                    sends.add(senders.submit(() -> !stopped && deliver(message)));
                } catch (RejectedExecutionException e) {
                    return false; // shutting down: the rest waits for the next round, on this node or another
                }
            }
        }
        int sent = 0;
        for (Future<Boolean> send : sends) {
            try {
                sent += send.get() ? 1 : 0;
            } catch (ExecutionException e) {
                LOG.warnf("Outbox: a send failed unexpectedly (the message is taken up again once its claim expires): %s",
                        e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.debugf("Outbox: %d realms with messages due, %d taken, %d sent; %d SMTP connections opened on this node so far",
                realms.size(), sends.size(), sent, smtp.opened());
        return more && sent > 0;
    }

    /** At shutdown: no further message is claimed; one being sent finishes (for a while); open connections are closed. */
    void stop() {
        stopped = true;
        rounds.shutdown();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                senders.shutdownNow(); // what they had claimed is taken up again once its claim expires
            }
            rounds.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        rounds.shutdownNow();
        smtp.close();
    }

    /** Node-wide: its factory stops it at shutdown. */
    @Override
    public void close() {
    }

    @Override
    public String getTaskName() {
        return "compromised-credentials-outbox";
    }

    private long allowance(String realmId, long now) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return 0L;
            }
            long perMinute = RealmPolicy.of(realm).number(PolicySetting.EMAILS_PER_MINUTE);
            return perMinute - s.getProvider(Outbox.class).countSentSince(realmId, now - 60_000L);
        });
    }

    /**
     * Claims, sends and records one message in one transaction; true if it went out. The claim is a conditional update
     * of the message's row: another node's claim of the same message waits for this transaction and then finds it taken
     * (a node that dies mid-send leaves nothing claimed: its database connection, and so the transaction, ends with it).
     * An SMTP failure is recorded in the same transaction (retry with back-off, or bounced for good); anything else rolls
     * the transaction back and is recorded in another one as a failed attempt.
     */
    private boolean deliver(OutboxMessage message) {
        String[] realmName = {message.realmId()};
        Attempt attempt;
        try {
            attempt = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                Outbox outbox = s.getProvider(Outbox.class);
                long now = Time.currentTimeMillis();
                if (!outbox.claim(message.id(), now, now + settings.claimMillis())) {
                    return Attempt.NOT_CLAIMED; // sent, cancelled or taken by another node meanwhile
                }
                RealmModel realm = s.realms().getRealm(message.realmId());
                if (realm == null) {
                    outbox.skipped(message.id(), "realm removed");
                    return Attempt.NOT_SENT;
                }
                realmName[0] = realm.getName();
                s.getContext().setRealm(realm);
                String host = realm.getSmtpConfig() == null ? null : realm.getSmtpConfig().get("host");
                if (host == null || host.isBlank()) {
                    // retrying cannot help until an admin sets up email; say so once instead of failing 50 times
                    outbox.skipped(message.id(), "the realm has no SMTP server configured");
                    if (message.kind() == MessageKind.FLAGGED) {
                        s.getProvider(FlagStore.class).findActive(realm.getId(), message.userId())
                                .ifPresent(flag -> s.getProvider(FlagStore.class)
                                        .setNotification(flag.id(), "skipped: the realm has no email server"));
                    }
                    return Attempt.NOT_SENT;
                }
                EmailComposer.Outcome outcome;
                try {
                    outcome = new EmailComposer(s, realm, (r, email) -> smtp.send(s, r, email)).send(message);
                } catch (EmailException e) {
                    SmtpVerdict verdict = SmtpVerdict.of(e);
                    return verdict.permanent() ? recordBounce(s, message, verdict) : recordFailure(s, message, e);
                }
                if (outcome.sent()) {
                    outbox.sent(message.id(), Time.currentTimeMillis(), outcome.flagId());
                    LOG.debugf("Outbox message %s (%s) sent", message.id(), message.kind());
                    return Attempt.SENT;
                }
                outbox.skipped(message.id(), outcome.why());
                LOG.debugf("Outbox message %s (%s) not sent: %s", message.id(), message.kind(), outcome.why());
                return Attempt.NOT_SENT;
            });
        } catch (RuntimeException e) {
            // not an SMTP answer (a database or rendering failure): the transaction rolled back, claim included
            attempt = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> recordFailure(s, message, e));
        }
        switch (attempt.result()) {
            case SENT -> metrics.sent(realmName[0]);
            case BOUNCED -> {
                metrics.bounced(realmName[0]);
                // the reply's text may name the recipient: only the code at INFO and above
                LOG.warnf("Outbox message %s (%s) in realm %s bounced: the SMTP server answered %d; not retried", message.id(),
                        message.kind(), realmName[0], attempt.code());
            }
            case RETRY -> {
                metrics.retried(realmName[0]);
                logFailure(message, realmName[0], attempt);
            }
            case GAVE_UP -> {
                metrics.gaveUp(realmName[0]);
                logFailure(message, realmName[0], attempt);
            }
            default -> {
                // not claimed, or deliberately not sent (its reason is recorded)
            }
        }
        return attempt.result() == Result.SENT;
    }

    private static void logFailure(OutboxMessage message, String realmName, Attempt attempt) {
        LOG.warnf("Outbox message %s (%s) in realm %s could not be sent (attempt %d): %s", message.id(), message.kind(),
                realmName, message.attempts() + 1, attempt.error());
    }

    /** What one attempt came to, for the metrics and the log after its transaction. */
    private record Attempt(Result result, int code, String error) {
        static final Attempt NOT_CLAIMED = new Attempt(Result.NOT_CLAIMED, 0, null);
        static final Attempt NOT_SENT = new Attempt(Result.NOT_SENT, 0, null);
        static final Attempt SENT = new Attempt(Result.SENT, 0, null);
    }

    private enum Result { NOT_CLAIMED, NOT_SENT, SENT, BOUNCED, RETRY, GAVE_UP }

    /**
     * The server refused the recipient or the message for good (5xx): sending it again would get the same answer, so it
     * is recorded as bounced with the server's reply, and a flag's notification says so (the admin sees who was never told).
     */
    private static Attempt recordBounce(KeycloakSession s, OutboxMessage message, SmtpVerdict verdict) {
        String reply = verdict.describe();
        s.getProvider(Outbox.class).bounced(message.id(), "bounced: " + reply);
        if (message.kind() == MessageKind.FLAGGED) {
            FlagStore flags = s.getProvider(FlagStore.class);
            flags.findActive(message.realmId(), message.userId()).ifPresent(flag -> flags.setNotification(flag.id(), Notifier.bounced(reply)));
        }
        return new Attempt(Result.BOUNCED, verdict.code(), null);
    }

    /** A temporary failure: tried again after a back-off, or given up (and recorded on the flag) after the maximum attempts. */
    private Attempt recordFailure(KeycloakSession s, OutboxMessage message, Throwable cause) {
        int attempts = message.attempts() + 1;
        String error = Masking.emailsIn(rootMessage(cause));
        Outbox outbox = s.getProvider(Outbox.class);
        if (attempts >= settings.maxAttempts()) {
            outbox.skipped(message.id(), "gave up after " + attempts + " attempts: " + error);
            if (message.kind() == MessageKind.FLAGGED) {
                // the flag said "queued" until now; the admin sees that this email will never go out
                FlagStore flags = s.getProvider(FlagStore.class);
                flags.findActive(message.realmId(), message.userId())
                        .ifPresent(flag -> flags.setNotification(flag.id(), "skipped: gave up after " + attempts + " attempts"));
            }
            return new Attempt(Result.GAVE_UP, 0, error);
        }
        outbox.retry(message.id(), attempts, Time.currentTimeMillis() + backoff(attempts), error);
        return new Attempt(Result.RETRY, 0, error);
    }

    long backoff(int attempts) {
        long delay = settings.firstRetryMillis() << Math.min(20, attempts - 1);
        return Math.min(delay, settings.maxRetryMillis());
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
