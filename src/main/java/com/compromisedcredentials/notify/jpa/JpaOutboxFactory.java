package com.compromisedcredentials.notify.jpa;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.notify.Outbox;
import com.compromisedcredentials.notify.OutboxFactory;
import com.compromisedcredentials.support.store.RealmData;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Creates the JPA {@link Outbox}, in the session's transaction, and deletes a realm's or a user's records when they are removed. */
public class JpaOutboxFactory implements OutboxFactory {

    @Override
    public Outbox create(KeycloakSession session) {
        return new JpaOutbox(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // first: a sender holds its email's row through the send and then writes the flag, so a user's removal
        // takes the outbox's rows before the flag's (see RealmData)
        RealmData.removeWithRealmsAndUsersFirst(factory, Outbox.class);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.FLAG_STORE_JPA;
    }
}
