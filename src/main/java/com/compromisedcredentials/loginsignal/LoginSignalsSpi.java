package com.compromisedcredentials.loginsignal;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers this node's login signals ({@link LoginSignals}) as an SPI of its own: {@code session.getProvider(LoginSignals.class)}. */
public class LoginSignalsSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return ProviderIds.LOGIN_SIGNALS_SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return LoginSignals.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return LoginSignalsFactory.class;
    }
}
