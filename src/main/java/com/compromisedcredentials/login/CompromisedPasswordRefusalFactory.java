package com.compromisedcredentials.login;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PasswordPolicyManagerProviderFactory;

/**
 * Makes {@link CompromisedPasswordRefusal} the server's password-policy manager: a factory with a positive
 * {@link #order()} is Keycloak's default provider of its SPI. It runs the realm's own password policy first-class
 * (Keycloak's default manager), so nothing about a realm's policy changes but the one added rule.
 */
public class CompromisedPasswordRefusalFactory implements PasswordPolicyManagerProviderFactory {

    @Override
    public PasswordPolicyManagerProvider create(KeycloakSession session) {
        return new CompromisedPasswordRefusal(session);
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.COMPROMISED_CREDENTIALS;
    }
}
