package com.compromisedcredentials.intake;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.flag.FlagStore;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What a flag does to an account beyond the login check: a newly flagged user is signed out everywhere
 * (sessions and offline sessions); a user whose flag ends without a reset (dismissed, reverted) loses the
 * pending required action.
 */
public final class FlagEnforcement {

    private static final Logger LOG = Logger.getLogger(FlagEnforcement.class);

    private FlagEnforcement() {
    }

    /**
     * Signs the users out everywhere: their sessions and offline sessions (and so their refresh and offline
     * tokens) are removed once the flags are committed — nothing is revoked for a batch that rolls back.
     * With Keycloak's persistent sessions (the default), the users that have any are found in one query per
     * few hundred users, so a batch of thousands costs little when few of them are signed in.
     */
    public static void revokeSessions(KeycloakSession session, RealmModel realm, List<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        List<String> signedIn = Profile.isFeatureEnabled(Profile.Feature.PERSISTENT_USER_SESSIONS)
                ? List.copyOf(session.getProvider(FlagStore.class).usersWithStoredSessions(realm.getId(), userIds))
                : userIds;
        if (signedIn.isEmpty()) {
            return;
        }
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> removeSessions(s, realmId, signedIn));
                } catch (RuntimeException e) {
                    // the flags are committed and enforced at the next login; say so, do not fail the request
                    LOG.warnf(e, "Could not remove the sessions of %d newly flagged users in realm %s", signedIn.size(), realmId);
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void removeSessions(KeycloakSession session, String realmId, List<String> userIds) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        int removed = 0;
        for (String userId : userIds) {
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null) {
                continue;
            }
            session.sessions().removeUserSessions(realm, user);
            List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
            offline.forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
            removed++;
        }
        LOG.debugf("Removed the sessions of %d flagged users in realm %s", removed, realm.getName());
    }

    /** Removes the pending reset from users whose flag was dismissed or reverted. */
    public static void removePendingReset(KeycloakSession session, RealmModel realm, List<String> userIds) {
        for (String userId : userIds) {
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                user.removeRequiredAction(ProviderIds.RESET_REQUIRED_ACTION);
            }
        }
    }
}
