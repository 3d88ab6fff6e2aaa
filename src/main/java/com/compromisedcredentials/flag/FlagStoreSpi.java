package com.compromisedcredentials.flag;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link FlagStore} as an SPI, so that its storage can be chosen like any Keycloak provider. */
public class FlagStoreSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.FLAG_STORE_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return FlagStore.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return FlagStoreFactory.class;
    }
}
