package com.compromisedcredentials.intake;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the node's {@link LeakVerifier} pool as an SPI, so that its factory owns its option. */
public class LeakVerifierSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.LEAK_VERIFIER_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return LeakVerifier.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return LeakVerifierFactory.class;
    }
}
