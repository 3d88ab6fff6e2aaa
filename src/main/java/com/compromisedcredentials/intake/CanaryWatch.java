package com.compromisedcredentials.intake;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Watches staged batches (state CANARY). Each run, for each one: its slice's health against the realm's limits — a
 * limit crossed pauses it and tells the admins; once its watch window has ended healthy, its rest is applied through
 * the blast-radius guard (which may pause it instead). Scheduled on every node, run by one at a time; each batch is
 * decided in a transaction of its own under the realm's intake lock, so a restart loses nothing and applies nothing twice.
 */
public final class CanaryWatch implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(CanaryWatch.class);

    public static final String TASK_NAME = "compromised-credentials-canary-watch";
    /** Who applies a rest after a healthy watch, in the batch's record. */
    public static final String ACTOR = "canary-watch";
    /** How often staged batches are looked at. */
    public static final long EVERY_MILLIS = 15_000L;

    private final KeycloakSessionFactory factory;

    public CanaryWatch(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void run(KeycloakSession session) {
        for (RealmModel realm : session.realms().getRealmsStream().toList()) {
            List<Batch> staged = session.getProvider(FlagStore.class).batchesInState(realm.getId(), BatchState.CANARY);
            for (Batch batch : staged) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> watch(s, realm.getId(), batch.id()));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Staged batch %s in realm %s could not be watched", batch.id(), realm.getName());
                }
            }
        }
    }

    private static void watch(KeycloakSession session, String realmId, String batchId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        FlagStore store = session.getProvider(FlagStore.class);
        store.lockRealm(realmId);
        Optional<Batch> batch = store.findBatch(realmId, batchId).filter(b -> b.state() == BatchState.CANARY);
        if (batch.isEmpty()) {
            return; // decided meanwhile (an admin, another node)
        }
        SignalService service = new SignalService(session, realm);
        Optional<String> crossed = crossed(store.canaryHealth(batchId), RealmPolicy.of(realm));
        if (crossed.isPresent()) {
            service.pause(batch.get(), crossed.get());
            return;
        }
        Long until = batch.get().canary() == null ? null : batch.get().canary().watchUntil();
        if (until != null && Time.currentTimeMillis() >= until) {
            String refused = service.applyRestAfterWatch(batch.get());
            LOG.infof("Staged batch %s in realm %s: watch window ended healthy, %s", batchId, realm.getName(),
                    refused == null ? "the rest applied" : "paused: " + refused);
        }
    }

    /** The first health limit of the realm's policy the slice crossed, in words; empty while healthy. */
    static Optional<String> crossed(FlagStore.CanaryHealth health, RealmPolicy policy) {
        return crossed(health, policy.number(PolicySetting.CANARY_MAX_DIFFERS_PERCENT),
                policy.number(PolicySetting.CANARY_MAX_BOUNCED_PERCENT), policy.number(PolicySetting.CANARY_MAX_DISMISSED_PERCENT));
    }

    static Optional<String> crossed(FlagStore.CanaryHealth h, long maxDiffers, long maxBounced, long maxDismissed) {
        if (h.withPassword() > 0 && h.differs() * 100 > maxDiffers * h.withPassword()) {
            return Optional.of(share("leaked passwords that proved not to be the account's", h.differs(), h.withPassword(),
                    "canaryMaxDiffersPercent", maxDiffers));
        }
        if (h.flags() > 0 && h.bounced() * 100 > maxBounced * h.flags()) {
            return Optional.of(share("flag emails that bounced or were given up", h.bounced(), h.flags(),
                    "canaryMaxBouncedPercent", maxBounced));
        }
        if (h.flags() > 0 && h.dismissed() * 100 > maxDismissed * h.flags()) {
            return Optional.of(share("flags dismissed by admins", h.dismissed(), h.flags(), "canaryMaxDismissedPercent", maxDismissed));
        }
        return Optional.empty();
    }

    private static String share(String what, long part, long whole, String setting, long limit) {
        return String.format(Locale.ROOT, "%s: %d of %d (%d %%), over %s %d %%", what, part, whole, part * 100 / whole, setting, limit);
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }
}
