package com.compromisedcredentials.ssf;

import org.keycloak.provider.ProviderFactory;

public interface TransmitterStoreFactory extends ProviderFactory<TransmitterStore> {
}
