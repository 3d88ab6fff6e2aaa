package com.compromisedcredentials.intake;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.policy.RealmPolicy;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

/**
 * Ends the SUSPECTED flags that saw no password login within their realm's {@code suspectedExpiryDays}, as DISMISSED
 * ({@code suspicion-expired}): nobody was told of them, so nobody is told now. The login and every batch also end an
 * expired suspicion they meet; this job makes lists and counts say so without waiting for either. Scheduled on every
 * node, run by one at a time.
 */
public final class SuspicionExpiry implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(SuspicionExpiry.class);

    public static final String TASK_NAME = "compromised-credentials-suspicion-expiry";

    @Override
    public void run(KeycloakSession session) {
        FlagStore store = session.getProvider(FlagStore.class);
        long now = Time.currentTimeMillis();
        for (RealmModel realm : session.realms().getRealmsStream().toList()) {
            int expired = store.expireSuspected(realm.getId(), now - RealmPolicy.of(realm).suspectedMaxAgeMillis());
            if (expired > 0) {
                LOG.infof("%d suspected flags in realm %s expired unverified", expired, realm.getName());
            }
        }
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }
}
