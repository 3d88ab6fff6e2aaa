package com.compromisedcredentials.notify;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Registers the email outbox's dispatcher ({@link OutboxDispatcher}) as an SPI of its own, so that its server options
 * ({@code --spi-compromised-credentials-email--default--...}), its scheduling and its shutdown live in one place.
 */
public class EmailDispatchSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.EMAIL_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return OutboxDispatcher.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return EmailDispatchFactory.class;
    }
}
