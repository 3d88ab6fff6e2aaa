package com.compromisedcredentials.persistence;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The id is permanent: Keycloak names the changelog's bookkeeping after it. */
public class CompromisedCredentialsEntityProviderFactory implements JpaEntityProviderFactory {

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new CompromisedCredentialsEntityProvider(getId());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.COMPROMISED_CREDENTIALS;
    }
}
