package com.compromisedcredentials.loginsignal;

import org.keycloak.provider.ProviderFactory;

public interface LoginSignalStoreFactory extends ProviderFactory<LoginSignalStore> {
}
