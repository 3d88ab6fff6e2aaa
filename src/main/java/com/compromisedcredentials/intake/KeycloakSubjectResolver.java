package com.compromisedcredentials.intake;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.LocalAccount;
import com.compromisedcredentials.flag.Subject;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Resolves subjects against the realm's users: in bulk from Keycloak's user table, then, only if the realm
 * has user federation, one by one through Keycloak's user API for what the table does not hold.
 */
public class KeycloakSubjectResolver implements SubjectResolver {

    private static final Logger LOG = Logger.getLogger(KeycloakSubjectResolver.class);
    /** The provider type of user federation components (LDAP, Kerberos, custom user storage). */
    private static final String USER_STORAGE_PROVIDER_TYPE = "org.keycloak.storage.UserStorageProvider";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String excludedGroupPath;

    /**
     * @param excludedGroupPath path of the group whose members (and its subgroups' members) are never flagged,
     *                          e.g. {@code /break-glass}; blank for none. A path that names no group is logged.
     */
    public KeycloakSubjectResolver(KeycloakSession session, RealmModel realm, String excludedGroupPath) {
        this.session = session;
        this.realm = realm;
        this.excludedGroupPath = excludedGroupPath == null ? "" : excludedGroupPath.trim();
    }

    @Override
    public Map<Subject, Account> resolveAll(Collection<Subject> subjects) {
        Map<Subject, LocalAccount> local = session.getProvider(FlagStore.class).findLocalAccounts(realm.getId(), subjects);
        Set<String> excludedMembers = excludedMembers();
        Map<Subject, Account> resolved = new HashMap<>();
        local.forEach((subject, account) -> resolved.put(subject,
                new Account(account.userId(), account.serviceAccount() || excludedMembers.contains(account.userId()),
                        account.passwordless(), account.verifiedEmail(), true, account.openFlag())));
        if (hasFederation()) {
            for (Subject subject : subjects) {
                if (!resolved.containsKey(subject)) {
                    UserModel user = findUser(session, realm, subject);
                    if (user != null) {
                        resolved.put(subject, new Account(user.getId(),
                                user.getServiceAccountClientLink() != null || excludedMembers.contains(user.getId()), false,
                                Flag.emailAtFlag(user.getEmail(), user.isEmailVerified())));
                    }
                }
            }
        }
        return resolved;
    }

    /**
     * The user a subject names, through Keycloak's user API (federation included), or {@code null}: also
     * when an email names several users (a realm that allows duplicates), since flagging one would be a guess.
     */
    public static UserModel findUser(KeycloakSession session, RealmModel realm, Subject subject) {
        try {
            return switch (subject.kind()) {
                case EMAIL -> session.users().getUserByEmail(realm, subject.value());
                case USERNAME -> session.users().getUserByUsername(realm, subject.value());
                case USER_ID -> session.users().getUserById(realm, subject.value());
            };
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    private boolean hasFederation() {
        return realm.getComponentsStream(realm.getId(), USER_STORAGE_PROVIDER_TYPE).findAny().isPresent();
    }

    private Set<String> excludedMembers() {
        if (excludedGroupPath.isEmpty()) {
            return Set.of();
        }
        GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, excludedGroupPath);
        if (group == null) {
            LOG.warnf("Realm %s: the excluded group '%s' of the compromised-credentials policy does not exist",
                    realm.getName(), excludedGroupPath);
            return Set.of();
        }
        Set<String> members = new HashSet<>();
        addMembers(group, members);
        return members;
    }

    private void addMembers(GroupModel group, Set<String> members) {
        session.users().getGroupMembersStream(realm, group).forEach(u -> members.add(u.getId()));
        group.getSubGroupsStream().forEach(sub -> addMembers(sub, members));
    }
}
