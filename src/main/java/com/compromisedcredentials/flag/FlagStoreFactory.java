package com.compromisedcredentials.flag;

import org.keycloak.provider.ProviderFactory;

public interface FlagStoreFactory extends ProviderFactory<FlagStore> {
}
