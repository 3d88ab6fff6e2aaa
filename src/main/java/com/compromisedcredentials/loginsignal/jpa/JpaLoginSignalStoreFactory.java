package com.compromisedcredentials.loginsignal.jpa;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.loginsignal.LoginSignalStore;
import com.compromisedcredentials.loginsignal.LoginSignalStoreFactory;
import com.compromisedcredentials.support.store.RealmData;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Creates the JPA {@link LoginSignalStore}, in the session's transaction, and deletes a realm's or a user's records when they are removed. */
public class JpaLoginSignalStoreFactory implements LoginSignalStoreFactory {

    @Override
    public LoginSignalStore create(KeycloakSession session) {
        return new JpaLoginSignalStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        RealmData.removeWithRealmsAndUsers(factory, LoginSignalStore.class);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.FLAG_STORE_JPA;
    }
}
