package com.compromisedcredentials.flag.jpa;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.FlagStoreFactory;
import com.compromisedcredentials.support.store.RealmData;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Creates the JPA flag store and deletes a realm's or a user's records when they are removed. */
public class JpaFlagStoreFactory implements FlagStoreFactory {

    @Override
    public FlagStore create(KeycloakSession session) {
        return new JpaFlagStore(session.getProvider(JpaConnectionProvider.class).getEntityManager(), session.getKeycloakSessionFactory());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        RealmData.removeWithRealmsAndUsers(factory, FlagStore.class);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.FLAG_STORE_JPA;
    }
}
