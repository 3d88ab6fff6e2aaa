package com.compromisedcredentials.ssf.jpa;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.ssf.TransmitterStore;
import com.compromisedcredentials.ssf.TransmitterStoreFactory;
import com.compromisedcredentials.support.store.RealmData;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Creates the JPA {@link TransmitterStore}, in the session's transaction, and deletes a realm's records when they are removed. */
public class JpaTransmitterStoreFactory implements TransmitterStoreFactory {

    @Override
    public TransmitterStore create(KeycloakSession session) {
        return new JpaTransmitterStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        RealmData.removeWithRealmsAndUsers(factory, TransmitterStore.class);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.FLAG_STORE_JPA;
    }
}
