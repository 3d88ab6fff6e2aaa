package com.compromisedcredentials.signal;

import java.util.Optional;

import com.compromisedcredentials.flag.Subject;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Resolves subjects against the realm's users, through Keycloak's user API (federation included). */
public class KeycloakSubjectResolver implements SubjectResolver {

    private static final Logger LOG = Logger.getLogger(KeycloakSubjectResolver.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    private final GroupModel excludedGroup;

    /**
     * @param excludedGroupPath path of the group whose members are never flagged (e.g. {@code /break-glass});
     *                          blank for none. A path that names no group is logged and ignored.
     */
    public KeycloakSubjectResolver(KeycloakSession session, RealmModel realm, String excludedGroupPath) {
        this.session = session;
        this.realm = realm;
        this.excludedGroup = excludedGroupPath == null || excludedGroupPath.isBlank() ? null
                : KeycloakModelUtils.findGroupByPath(session, realm, excludedGroupPath.trim());
        if (excludedGroupPath != null && !excludedGroupPath.isBlank() && excludedGroup == null) {
            LOG.warnf("Realm %s: the excluded group '%s' of the compromised-credentials policy does not exist",
                    realm.getName(), excludedGroupPath);
        }
    }

    @Override
    public Optional<Account> resolve(Subject subject) {
        UserModel user;
        try {
            user = switch (subject.kind()) {
                case EMAIL -> session.users().getUserByEmail(realm, subject.value());
                case USERNAME -> session.users().getUserByUsername(realm, subject.value());
                case USER_ID -> session.users().getUserById(realm, subject.value());
            };
        } catch (ModelDuplicateException e) {
            // several accounts share this email (the realm allows duplicates): flagging one would be a guess
            LOG.debugf("Subject of kind %s matches several users in realm %s; treated as unmatched", subject.kind(), realm.getName());
            return Optional.empty();
        }
        if (user == null) {
            return Optional.empty();
        }
        boolean excluded = user.getServiceAccountClientLink() != null
                || (excludedGroup != null && user.isMemberOf(excludedGroup));
        return Optional.of(new Account(user.getId(), excluded));
    }
}
