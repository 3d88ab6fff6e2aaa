package com.compromisedcredentials.login;

import java.util.ArrayList;
import java.util.List;

import java.util.Map;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.loginsignal.LoginSignals;
import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.policy.RealmPolicyProperties;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

public class CompromisedPasswordResetActionFactory implements RequiredActionFactory {

    private static final CompromisedPasswordResetAction INSTANCE = new CompromisedPasswordResetAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayText() {
        return "Compromised password reset";
    }

    @Override
    public boolean isOneTimeAction() {
        return true;
    }

    /** The realm policy: the stock admin console shows these under the required action's settings. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return RealmPolicyProperties.all();
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        Map<String, String> config = model.getConfig() == null ? Map.of() : model.getConfig();
        List<String> problems = new ArrayList<>(RealmPolicy.problems(config));
        problems.addAll(LoginSignals.of(session).policyProblems(config));
        if (!problems.isEmpty()) {
            throw new ValidationException(new ValidationError(getId(), problems.get(0).split(" ")[0], String.join("; ", problems)));
        }
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
        return ProviderIds.RESET_REQUIRED_ACTION;
    }
}
