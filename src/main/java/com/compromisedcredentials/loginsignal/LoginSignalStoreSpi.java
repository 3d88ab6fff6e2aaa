package com.compromisedcredentials.loginsignal;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link LoginSignalStore} (the login signals' counters, detections and address lists) as an SPI of its own, reached with {@code session.getProvider(LoginSignalStore.class)}. */
public class LoginSignalStoreSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.LOGIN_SIGNAL_STORE_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return LoginSignalStore.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return LoginSignalStoreFactory.class;
    }
}
