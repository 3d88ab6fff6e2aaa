package com.compromisedcredentials.login;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What a flag does to an account beyond the login check: a newly flagged user is signed out everywhere
 * (sessions, offline tokens, and any token issued before now); a user whose flag ends without a reset
 * (dismissed, reverted) loses the pending required action.
 */
public final class FlagEnforcement {

    private static final Logger LOG = Logger.getLogger(FlagEnforcement.class);

    private FlagEnforcement() {
    }

    /**
     * Revokes the users' sessions and tokens. The not-before mark is written in the current transaction;
     * the sessions are removed after it commits, so nothing is revoked for a batch that rolls back.
     */
    public static void revokeSessions(KeycloakSession session, RealmModel realm, List<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        int now = Time.currentTime();
        for (String userId : userIds) {
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                session.users().setNotBeforeForUser(realm, user, now);
            }
        }
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> removeSessions(s, realmId, userIds));
                } catch (RuntimeException e) {
                    // the flags are committed; their tokens are already refused (not-before). Say so, do not fail the request.
                    LOG.warnf(e, "Could not remove the sessions of %d newly flagged users in realm %s", userIds.size(), realmId);
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
        LOG.debugf("Revoked the sessions of %d flagged users in realm %s", removed, realm.getName());
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
