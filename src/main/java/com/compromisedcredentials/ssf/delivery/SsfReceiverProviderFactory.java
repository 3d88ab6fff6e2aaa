package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * The Shared Signals receiver's endpoint, {@code compromised-credentials-ssf}: mounts the push endpoint
 * ({@link SsfPushResource}) under {@code /realms/{realm}/compromised-credentials-ssf}. The receiver itself, its
 * options and its poller are the node's {@link SsfReceiver} ({@link DefaultSharedSignalsFactory}).
 */
public class SsfReceiverProviderFactory implements RealmResourceProviderFactory {

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new SsfPushResource(session, session.getProvider(SsfReceiver.class));
            }

            @Override
            public void close() {
            }
        };
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
        return ProviderIds.SSF_RECEIVER;
    }
}
