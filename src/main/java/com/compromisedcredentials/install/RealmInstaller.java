package com.compromisedcredentials.install;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.dashboard.DashboardClient;
import com.compromisedcredentials.dashboard.DashboardTab;
import com.compromisedcredentials.policy.Enforcement;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Puts the extension to work in a realm: registers and enables the reset required action, adds the event
 * listener and the dashboard's sign-in client (and its admin console tab where declarative-ui is on). Leaves alone what an admin has already decided: a registered
 * but disabled required action stays disabled, a client of the same id stays as it is.
 */
public final class RealmInstaller {

    private static final Logger LOG = Logger.getLogger(RealmInstaller.class);

    private RealmInstaller() {
    }

    /**
     * Puts an enabled reset action back before every other required action (Keycloak runs a login's required
     * actions by priority): otherwise UPDATE_PASSWORD, CONFIGURE_TOTP, VERIFY_EMAIL and the like would be reachable
     * with the leaked password alone, before the step-up.
     */
    static void keepFirst(RealmModel realm) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(ProviderIds.RESET_REQUIRED_ACTION);
        if (action == null || !action.isEnabled() || Enforcement.of(realm) == Enforcement.ON) {
            return;
        }
        int before = action.getPriority();
        action.setPriority(Enforcement.firstPriority(realm));
        realm.updateRequiredActionProvider(action);
        LOG.infof("Moved required action %s of realm %s before the realm's other required actions (priority %d, was %d)",
                ProviderIds.RESET_REQUIRED_ACTION, realm.getName(), action.getPriority(), before);
    }

    public static void install(KeycloakSession session, RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(ProviderIds.RESET_REQUIRED_ACTION) == null) {
            RequiredActionProviderModel action = new RequiredActionProviderModel();
            action.setAlias(ProviderIds.RESET_REQUIRED_ACTION);
            action.setProviderId(ProviderIds.RESET_REQUIRED_ACTION);
            action.setName("Compromised password reset");
            action.setEnabled(true);
            action.setDefaultAction(false);
            action.setPriority(Enforcement.firstPriority(realm));
            realm.addRequiredActionProvider(action);
            LOG.infof("Registered required action %s in realm %s", ProviderIds.RESET_REQUIRED_ACTION, realm.getName());
        } else {
            keepFirst(realm);
        }
        Set<String> listeners = realm.getEventsListenersStream().collect(Collectors.toCollection(LinkedHashSet::new));
        if (listeners.add(ProviderIds.COMPROMISED_CREDENTIALS)) {
            realm.setEventsListeners(listeners);
            LOG.infof("Added event listener %s to realm %s", ProviderIds.COMPROMISED_CREDENTIALS, realm.getName());
        }
        DashboardClient.ensure(session, realm);
        DashboardTab.ensure(realm);
    }
}
