package com.compromisedcredentials.ssf;

import org.keycloak.provider.ProviderFactory;

public interface SharedSignalsFactory extends ProviderFactory<SsfReceiver> {
}
