package com.compromisedcredentials.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 * node start one). A round hands each due message to one of the node's {@code senders} threads, which claims it in a
 * transaction of its own, then renders, sends and marks it sent in another: a message is never sent by two nodes,
 * and one whose sender died is taken up again once its claim expires. The senders keep SMTP connections open between
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
    private final ExecutorService rounds = Executors.newSingleThreadExecutor(named("compromised-credentials-email-dispatch"));
    private final ExecutorService senders;
    private final AtomicBoolean roundRunning = new AtomicBoolean();
    private int runs;
    private volatile boolean stopped;

    public OutboxDispatcher(KeycloakSessionFactory factory, Settings settings) {
        this.factory = factory;
        this.settings = settings;
        this.smtp = new SmtpConnections(settings.emailsPerConnection());
        this.senders = Executors.newFixedThreadPool(settings.senders(), named("compromised-credentials-email-sender"));
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
                    sends.add(senders.submit(() -> !stopped && claim(message) && deliver(message)));
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

    /** Claims the message for the claim time from now: the time starts when this sender starts on it. */
    private boolean claim(OutboxMessage message) {
        long now = Time.currentTimeMillis();
        return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                s -> s.getProvider(Outbox.class).claim(message.id(), now, now + settings.claimMillis()));
    }

    /** Sends one claimed message; true if it went out. */
    private boolean deliver(OutboxMessage message) {
        String[] realmName = {message.realmId()};
        try {
            boolean sent = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmModel realm = s.realms().getRealm(message.realmId());
                Outbox outbox = s.getProvider(Outbox.class);
                if (realm == null) {
                    outbox.skipped(message.id(), "realm removed");
                    return false;
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
                    return false;
                }
                EmailComposer.Outcome outcome;
                try {
                    outcome = new EmailComposer(s, realm, (r, email) -> smtp.send(s, r, email)).send(message);
                } catch (EmailException e) {
                    throw new DeliveryFailed(e);
                }
                if (outcome.sent()) {
                    outbox.sent(message.id(), Time.currentTimeMillis(), outcome.flagId());
                    LOG.debugf("Outbox message %s (%s) sent", message.id(), message.kind());
                } else {
                    outbox.skipped(message.id(), outcome.why());
                    LOG.debugf("Outbox message %s (%s) not sent: %s", message.id(), message.kind(), outcome.why());
                }
                return outcome.sent();
            });
            if (sent) {
                metrics.sent(realmName[0]);
            }
            return sent;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof DeliveryFailed ? e.getCause() : e;
            SmtpVerdict verdict = SmtpVerdict.of(cause);
            if (verdict.permanent()) {
                bounced(message, realmName[0], verdict);
            } else {
                retryLater(message, realmName[0], cause);
            }
            return false;
        }
    }

    /**
     * The server refused the recipient or the message for good (5xx): sending it again would get the same answer, so it
     * is recorded as bounced with the server's reply, and a flag's notification says so (the admin sees who was never told).
     */
    private void bounced(OutboxMessage message, String realmName, SmtpVerdict verdict) {
        String reply = verdict.describe();
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            s.getProvider(Outbox.class).bounced(message.id(), "bounced: " + reply);
            if (message.kind() == MessageKind.FLAGGED) {
                FlagStore flags = s.getProvider(FlagStore.class);
                flags.findActive(message.realmId(), message.userId())
                        .ifPresent(flag -> flags.setNotification(flag.id(), Notifier.bounced(reply)));
            }
        });
        metrics.bounced(realmName);
        // the reply's text may name the recipient: only the code at INFO and above
        LOG.warnf("Outbox message %s (%s) in realm %s bounced: the SMTP server answered %d; not retried", message.id(),
                message.kind(), realmName, verdict.code());
    }

    private void retryLater(OutboxMessage message, String realmName, Throwable cause) {
        int attempts = message.attempts() + 1;
        String error = Masking.emailsIn(rootMessage(cause));
        boolean givingUp = attempts >= settings.maxAttempts();
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            Outbox outbox = s.getProvider(Outbox.class);
            if (givingUp) {
                outbox.skipped(message.id(), "gave up after " + attempts + " attempts: " + error);
                if (message.kind() == MessageKind.FLAGGED) {
                    // the flag said "queued" until now; the admin sees that this email will never go out
                    FlagStore flags = s.getProvider(FlagStore.class);
                    flags.findActive(message.realmId(), message.userId())
                            .ifPresent(flag -> flags.setNotification(flag.id(), "skipped: gave up after " + attempts + " attempts"));
                }
            } else {
                outbox.retry(message.id(), attempts, Time.currentTimeMillis() + backoff(attempts), error);
            }
        });
        if (givingUp) {
            metrics.gaveUp(realmName);
        } else {
            metrics.retried(realmName);
        }
        LOG.warnf("Outbox message %s (%s) in realm %s could not be sent (attempt %d): %s", message.id(), message.kind(),
                realmName, attempts, error);
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

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Carries an SMTP failure out of the transaction, so that the transaction rolls back and the message is retried. */
    private static final class DeliveryFailed extends RuntimeException {
        DeliveryFailed(EmailException cause) {
            super(cause);
        }
    }
}
