package com.compromisedcredentials.login;

import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.policy.DefaultPasswordPolicyManagerProvider;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;

/**
 * Keycloak's password-policy check, plus one rule that no realm setting can switch off: while a user's flag is
 * active, the password that was current when the account was flagged cannot be set again — by the reset page,
 * Keycloak's own update-password page (an expired or temporary password, forgot-password), the account console or
 * an admin's reset-password call. Every one of those paths asks this provider before storing a password, so the
 * compromised password can never end a flag: the change is refused with {@value #MESSAGE} and the flag stays active.
 *
 * <p>An unflagged user costs one indexed lookup per password change; a flagged one a hash of the candidate with
 * the stored password's own algorithm.
 */
public class CompromisedPasswordRefusal implements PasswordPolicyManagerProvider {

    /** The message key of the refusal, in the extension's messages for every theme. */
    public static final String MESSAGE = "ccPasswordSameAsCompromised";

    private final KeycloakSession session;
    private final PasswordPolicyManagerProvider realmPolicy;

    public CompromisedPasswordRefusal(KeycloakSession session) {
        this.session = session;
        this.realmPolicy = new DefaultPasswordPolicyManagerProvider(session);
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        if (realm != null && user != null && password != null && isCompromisedPassword(realm, user, password)) {
            return new PolicyError(MESSAGE);
        }
        return realmPolicy.validate(realm, user, password);
    }

    @Override
    public PolicyError validate(String user, String password) {
        return realmPolicy.validate(user, password);
    }

    private boolean isCompromisedPassword(RealmModel realm, UserModel user, String password) {
        Optional<Flag> flag = session.getProvider(FlagStore.class).findActive(realm.getId(), user.getId());
        if (flag.isEmpty()) {
            return false;
        }
        return passwordAt(user, flag.get().createdAt())
                .map(stored -> matches(stored, password))
                .orElse(false);
    }

    /**
     * The password credential that was current at {@code time}: the stored password if it is older, else the newest
     * older entry of the password history (kept when the realm has a password-history or password-age policy).
     */
    static Optional<CredentialModel> passwordAt(UserModel user, long time) {
        return Stream.concat(user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE),
                        user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.PASSWORD_HISTORY))
                .filter(c -> c.getCreatedDate() != null && c.getCreatedDate() <= time)
                .max(Comparator.comparingLong(CredentialModel::getCreatedDate));
    }

    private boolean matches(CredentialModel stored, String password) {
        PasswordCredentialModel credential = PasswordCredentialModel.createFromCredentialModel(stored);
        PasswordHashProvider hash = session.getProvider(PasswordHashProvider.class, credential.getPasswordCredentialData().getAlgorithm());
        return hash != null && hash.verify(password, credential);
    }

    @Override
    public void close() {
    }
}
