package com.compromisedcredentials.support.store;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * A store whose rows belong to a realm, and some to a user: they go when Keycloak removes the realm or the user, in
 * the transaction that removes it. Each capability's store is one; {@link #removeWithRealmsAndUsers} wires it up.
 */
public interface RealmData extends Provider {

    /** Deletes everything this store keeps for the realm. */
    void removeRealm(String realmId);

    /** Deletes what this store keeps for the user; nothing by default (a store without per-user rows). */
    default void removeUser(String realmId, String userId) {
    }

    /** From the store's factory's {@code postInit}: the store of {@code type} follows realm and user removals. */
    static void removeWithRealmsAndUsers(KeycloakSessionFactory factory, Class<? extends RealmData> type) {
        register(factory, type, false);
    }

    /**
     * As {@link #removeWithRealmsAndUsers}, with a user's rows deleted as soon as Keycloak announces the user's removal,
     * before its own rows and the other stores' go: for a store whose row a background transaction holds while it
     * writes another store's rows (the outbox: a sender holds its email's row through the send, then writes the flag).
     * The removal then waits for that transaction instead of deadlocking with it. Deleted again once the user is
     * removed, for removals Keycloak does not announce (a federation's user found invalid).
     */
    static void removeWithRealmsAndUsersFirst(KeycloakSessionFactory factory, Class<? extends RealmData> type) {
        register(factory, type, true);
    }

    private static void register(KeycloakSessionFactory factory, Class<? extends RealmData> type, boolean beforeUsers) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(type).removeRealm(removed.getRealm().getId());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(type).removeUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (beforeUsers && event instanceof UserModel.UserPreRemovedEvent removing) {
                removing.getKeycloakSession().getProvider(type).removeUser(removing.getRealm().getId(), removing.getUser().getId());
            }
        });
    }
}
