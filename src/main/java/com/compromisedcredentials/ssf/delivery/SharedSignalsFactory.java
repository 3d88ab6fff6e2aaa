package com.compromisedcredentials.ssf.delivery;

import org.keycloak.provider.ProviderFactory;

public interface SharedSignalsFactory extends ProviderFactory<SsfReceiver> {
}
