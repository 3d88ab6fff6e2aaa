package com.compromisedcredentials.breach;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

/**
 * Checks a new password with the server's {@link BreachCheck} and the realm's minimum breach count (the
 * argument of {@code notCompromised(N)}). A breached password gets {@code ccPasswordBreached} with the count;
 * one that could not be checked while the failure mode is {@code deny} gets {@code ccPasswordBreachCheckUnavailable}.
 */
final class NotCompromisedPasswordPolicyProvider implements PasswordPolicyProvider {

    static final String BREACHED_MESSAGE = "ccPasswordBreached";
    static final String UNAVAILABLE_MESSAGE = "ccPasswordBreachCheckUnavailable";
    static final int DEFAULT_MINIMUM = 1;

    private final KeycloakSession session;
    private final BreachCheck check;

    NotCompromisedPasswordPolicyProvider(KeycloakSession session, BreachCheck check) {
        this.session = session;
        this.check = check;
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        return validate(realm, password);
    }

    @Override
    public PolicyError validate(String username, String password) {
        return validate(session.getContext().getRealm(), password);
    }

    private PolicyError validate(RealmModel realm, String password) {
        Integer minimum = realm == null ? null : realm.getPasswordPolicy().getPolicyConfig(ProviderIds.NOT_COMPROMISED_POLICY);
        return errorFor(check.withMinimumCount(minimum == null ? DEFAULT_MINIMUM : minimum).check(password));
    }

    /** The error a user sees for a result, or {@code null} when the password is acceptable. */
    static PolicyError errorFor(BreachResult result) {
        if (!result.rejected()) {
            return null;
        }
        return result.status() == BreachResult.Status.BREACHED
                ? new PolicyError(BREACHED_MESSAGE, result.count())
                : new PolicyError(UNAVAILABLE_MESSAGE);
    }

    @Override
    public Object parseConfig(String value) {
        Integer minimum = parseInteger(value, DEFAULT_MINIMUM);
        if (minimum < 1) {
            throw new PasswordPolicyConfigException("notCompromised needs a minimum breach count of 1 or more");
        }
        return minimum;
    }

    @Override
    public void close() {
    }
}
