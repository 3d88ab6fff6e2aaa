package com.compromisedcredentials.breach;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;

/**
 * The {@code notCompromised} password policy: refuses a new password that appears in known data breaches at
 * least N times (the policy's argument, default 1). It asks the node's breach source ({@link BreachService}); the
 * source and its failure mode are that service's server options.
 */
public class NotCompromisedPasswordPolicyProviderFactory implements PasswordPolicyProviderFactory {

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new NotCompromisedPasswordPolicyProvider(session, session.getProvider(BreachService.class).check());
    }

    @Override
    public String getId() {
        return ProviderIds.NOT_COMPROMISED_POLICY;
    }

    @Override
    public String getDisplayName() {
        return "Not Compromised (breached passwords)";
    }

    @Override
    public String getConfigType() {
        return PasswordPolicyProvider.INT_CONFIG_TYPE;
    }

    @Override
    public String getDefaultConfigValue() {
        return "1";
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }

    @Override
    public void close() {
    }
}
