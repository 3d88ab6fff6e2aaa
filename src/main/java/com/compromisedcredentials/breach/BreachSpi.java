package com.compromisedcredentials.breach;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the node's breach source ({@link BreachService}) as an SPI of its own: {@code session.getProvider(BreachService.class)}. */
public class BreachSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.BREACH_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return BreachService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return BreachServiceFactory.class;
    }
}
