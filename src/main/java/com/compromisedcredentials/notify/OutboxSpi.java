package com.compromisedcredentials.notify;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link Outbox} (the email outbox) as an SPI of its own, reached with {@code session.getProvider(Outbox.class)}. */
public class OutboxSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.OUTBOX_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return Outbox.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OutboxFactory.class;
    }
}
