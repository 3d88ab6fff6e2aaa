package com.compromisedcredentials.digest;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Registers the admin digest ({@link DigestJob}) as an SPI of its own, so that its server options
 * ({@code --spi-compromised-credentials-digest--default--...}), its scheduling and its shutdown live in one place.
 */
public class DigestSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.DIGEST_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return DigestJob.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DigestFactory.class;
    }
}
