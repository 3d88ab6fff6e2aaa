package com.compromisedcredentials.login;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Offers {@code compromised-credentials-check} in the flow editor. Its settings are the realm policy's. */
public class CompromisedCredentialsCheckFactory implements AuthenticatorFactory {

    private static final CompromisedCredentialsCheck INSTANCE = new CompromisedCredentialsCheck();
    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "Compromised credentials check";
    }

    @Override
    public String getReferenceCategory() {
        return "compromised-credentials";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Put it after the password step (browser and direct-grant flows). A flagged user gets no token by "
                + "direct grant and is walked through the reset in the browser; with the realm policy's "
                + "breachCheckAtLogin, a password found in breaches flags the account. Settings: Authentication -> "
                + "Required actions -> Compromised password reset.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
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
        return ProviderIds.CHECK_AUTHENTICATOR;
    }
}
