package com.compromisedcredentials.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.timer.ScheduledTask;

/**
 * Sends what waits in the outbox. Scheduled on every node, run on one at a time cluster-wide (Keycloak's
 * cluster-aware task runner). Each message is first claimed in a transaction of its own, then rendered,
 * sent and marked sent in another: a message is never sent by two nodes, and one whose sender died is taken
 * up again once its claim expires. SMTP failures are retried with exponential back-off; each realm's
 * emails per minute are limited by its policy.
 *
 * <p>Fair across realms: a run takes each realm's due messages separately, at most its share of the batch and
 * never more than its allowance for the minute, starting with a different realm each run. One realm's backlog or
 * low email rate therefore never keeps another realm's emails waiting (a global "oldest first" would fill every
 * run with the realm that cannot send).
 */
public class OutboxDispatcher implements ScheduledTask, Provider {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    /** Dispatcher settings (server options, read once at start-up). */
    public record Settings(int batchSize, long claimMillis, long firstRetryMillis, long maxRetryMillis, int maxAttempts) {
    }

    private final KeycloakSessionFactory factory;
    private final Settings settings;
    private int runs;
    private volatile boolean stopped;

    public OutboxDispatcher(KeycloakSessionFactory factory, Settings settings) {
        this.factory = factory;
        this.settings = settings;
    }

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTimeMillis();
        Outbox outbox = session.getProvider(Outbox.class);
        List<String> realms = new ArrayList<>(outbox.dueRealms(now));
        if (realms.isEmpty()) {
            return;
        }
        realms.sort(null);
        Collections.rotate(realms, -(runs++ % realms.size())); // a different realm goes first each run
        int share = Math.max(1, settings.batchSize() / realms.size());
        int due = 0;
        int sent = 0;
        for (String realmId : realms) {
            long allowance = allowance(realmId, now);
            if (allowance <= 0) {
                continue; // this realm's minute is used up: its messages wait, the others' do not
            }
            for (OutboxMessage message : outbox.due(realmId, now, (int) Math.min(share, allowance))) {
                if (stopped) {
                    return; // shutting down: the rest waits for the next run, on this node or another
                }
                due++;
                if (claim(message, now) && deliver(message)) {
                    sent++;
                }
            }
        }
        LOG.debugf("Outbox: %d realms with messages due, %d taken, %d sent", realms.size(), due, sent);
    }

    /** At shutdown: no further message is claimed (one being sent finishes). */
    void stop() {
        stopped = true;
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

    private boolean claim(OutboxMessage message, long now) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory,
                s -> s.getProvider(Outbox.class).claim(message.id(), now, now + settings.claimMillis()));
    }

    /** Sends one claimed message; true if it went out. */
    private boolean deliver(OutboxMessage message) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmModel realm = s.realms().getRealm(message.realmId());
                Outbox outbox = s.getProvider(Outbox.class);
                if (realm == null) {
                    outbox.skipped(message.id(), "realm removed");
                    return false;
                }
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
                    outcome = new EmailComposer(s, realm).send(message);
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
        } catch (RuntimeException e) {
            retryLater(message, e instanceof DeliveryFailed ? e.getCause() : e);
            return false;
        }
    }

    private void retryLater(OutboxMessage message, Throwable cause) {
        int attempts = message.attempts() + 1;
        String error = Masking.emailsIn(rootMessage(cause));
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            Outbox outbox = s.getProvider(Outbox.class);
            if (attempts >= settings.maxAttempts()) {
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
        LOG.warnf("Outbox message %s (%s) in realm %s could not be sent (attempt %d): %s", message.id(), message.kind(),
                message.realmId(), attempts, error);
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

    /** Carries an SMTP failure out of the transaction, so that the transaction rolls back and the message is retried. */
    private static final class DeliveryFailed extends RuntimeException {
        DeliveryFailed(EmailException cause) {
            super(cause);
        }
    }
}
