package com.compromisedcredentials.digest;

import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.notify.Notifier;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.timer.ScheduledTask;

/**
 * Sends each realm's admin digest once per period. Scheduled on every node and run by one at a time (Keycloak's
 * cluster-aware runner); for each realm whose policy asks for a digest, the period that ended last is claimed in the
 * database under the realm's lock (one node, one email per recipient per period), then the digest is rendered and
 * sent. If no recipient could be sent to (the mail server down), the claim is given back and the next run tries again;
 * a digest is never sent twice for a period that reached anyone.
 *
 * <p>Sent directly, not through the outbox: it is written when it is due, not as part of a change, and its figures
 * are those of the moment it goes out.
 */
public class DigestJob implements ScheduledTask, Provider {

    private static final Logger LOG = Logger.getLogger(DigestJob.class);

    private final KeycloakSessionFactory factory;
    private final long dayMillis;
    private volatile boolean stopped;

    public DigestJob(KeycloakSessionFactory factory, long dayMillis) {
        this.factory = factory;
        this.dayMillis = dayMillis;
    }

    private record Due(DigestPeriod period, List<String> recipients) {
    }

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTimeMillis();
        List<String> realmIds = session.realms().getRealmsStream().map(RealmModel::getId).toList();
        for (String realmId : realmIds) {
            if (stopped) {
                return;
            }
            try {
                runRealm(realmId, now);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Admin digest of realm %s failed", realmId);
            }
        }
    }

    private void runRealm(String realmId, long now) {
        Due due = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return null;
            }
            RealmPolicy policy = RealmPolicy.of(realm);
            Optional<DigestPeriod> period = DigestPeriod.lastEnded(
                    DigestPeriod.Frequency.of(policy.value(PolicySetting.DIGEST_FREQUENCY)), now, dayMillis);
            List<String> recipients = Notifier.addresses(policy.value(PolicySetting.DIGEST_RECIPIENTS));
            if (period.isEmpty() || recipients.isEmpty()) {
                return null;
            }
            FlagStore.DigestClaim claim = s.getProvider(FlagStore.class).claimDigest(realmId, period.get().to());
            return claim == FlagStore.DigestClaim.CLAIMED ? new Due(period.get(), recipients) : null;
        });
        if (due == null) {
            return;
        }
        int sent = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            return realm == null ? 0 : new DigestEmail(s, realm).send(due.period(), due.recipients(), now);
        });
        if (sent == 0) {
            // nobody got it (the mail server is down?): give the period back for the next run
            KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(FlagStore.class).releaseDigest(realmId, due.period().to()));
        } else {
            LOG.debugf("Admin digest of realm %s for the period ending %d sent to %d of %d recipients", realmId,
                    due.period().to(), sent, due.recipients().size());
        }
    }

    /** At shutdown: no further realm is started. */
    void stop() {
        stopped = true;
    }

    /** Node-wide: its factory stops it at shutdown. */
    @Override
    public void close() {
    }

    @Override
    public String getTaskName() {
        return "compromised-credentials-digest";
    }
}
