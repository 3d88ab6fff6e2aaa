package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the node's Shared Signals receiver ({@link SsfReceiver}) as an SPI of its own: {@code session.getProvider(SsfReceiver.class)}. */
public class SharedSignalsSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.SHARED_SIGNALS_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SsfReceiver.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SharedSignalsFactory.class;
    }
}
