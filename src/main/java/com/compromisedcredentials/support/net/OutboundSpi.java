package com.compromisedcredentials.support.net;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link OutboundAddresses} as an SPI, so that its one server option has one home for every outbound client. */
public class OutboundSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.OUTBOUND_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return OutboundAddresses.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OutboundAddressesFactory.class;
    }
}
