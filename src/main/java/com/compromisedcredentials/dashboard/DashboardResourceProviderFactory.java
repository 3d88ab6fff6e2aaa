package com.compromisedcredentials.dashboard;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link DashboardResource} at {@code /realms/{realm}/compromised-credentials}. */
public class DashboardResourceProviderFactory implements RealmResourceProviderFactory {

    private DashboardAssets assets;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        DashboardResource resource = new DashboardResource(session, assets);
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return resource;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        assets = DashboardAssets.load();
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
