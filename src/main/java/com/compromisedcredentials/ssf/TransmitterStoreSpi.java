package com.compromisedcredentials.ssf;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link TransmitterStore} (the Shared Signals transmitters and receipts) as an SPI of its own, reached with {@code session.getProvider(TransmitterStore.class)}. */
public class TransmitterStoreSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.TRANSMITTER_STORE_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return TransmitterStore.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return TransmitterStoreFactory.class;
    }
}
