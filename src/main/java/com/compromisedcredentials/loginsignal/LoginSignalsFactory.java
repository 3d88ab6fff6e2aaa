package com.compromisedcredentials.loginsignal;

import org.keycloak.provider.ProviderFactory;

public interface LoginSignalsFactory extends ProviderFactory<LoginSignals> {
}
