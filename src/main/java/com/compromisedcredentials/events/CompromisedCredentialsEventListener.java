package com.compromisedcredentials.events;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.loginsignal.LoginSignals;
import com.compromisedcredentials.intake.SignalService;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Resolves a user's active flag when their password changes by any path. Runs in the transaction of the
 * request that changed the password, so the flag and the password change commit together. Also hands every login
 * of a realm with login signals on to the node's queue ({@link LoginSignals#observe}): a non-blocking offer, nothing
 * more on the login's path.
 */
public class CompromisedCredentialsEventListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(CompromisedCredentialsEventListener.class);

    private final KeycloakSession session;
    private final LoginSignals loginSignals;

    public CompromisedCredentialsEventListener(KeycloakSession session, LoginSignals loginSignals) {
        this.session = session;
        this.loginSignals = loginSignals;
    }

    @Override
    public void onEvent(Event event) {
        PasswordChangeEvents.resolution(event)
                .ifPresent(resolution -> resolve(event.getRealmId(), event.getUserId(), resolution));
        try {
            loginSignals.observe(session, event);
        } catch (RuntimeException e) {
            // counting logins must never fail one
            LOG.debugf(e, "Login of realm %s not counted", event.getRealmId());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        PasswordChangeEvents.adminPasswordResetUserId(event)
                .ifPresent(userId -> resolve(event.getRealmId(), userId, PasswordChangeEvents.BY_ADMIN));
    }

    private void resolve(String realmId, String userId, String resolution) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || session.getProvider(FlagStore.class).findActive(realmId, userId).isEmpty()) {
            return;
        }
        new SignalService(session, realm).resolve(userId, resolution)
                .ifPresent(flag -> LOG.debugf("Flag %s of user %s resolved: %s", flag.id(), userId, resolution));
    }

    @Override
    public void close() {
    }
}
