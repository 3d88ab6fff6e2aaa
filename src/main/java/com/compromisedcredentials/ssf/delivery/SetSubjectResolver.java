package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.set.SubjectIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.intake.KeycloakSubjectResolver;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Finds the accounts of a realm that a SET's subject identifier names: {@code email} (and {@code account}) by email,
 * {@code iss_sub} of this realm's issuer and {@code opaque} by user id ({@link SubjectIdentifier#keycloakSubjects}),
 * {@code phone_number} by the user attribute configured for it (exactly one account must carry the number), and
 * {@code aliases} by each of theirs. An email that several accounts share, or a phone number that several carry,
 * names nobody: flagging one of them would be a guess.
 */
final class SetSubjectResolver {

    /** The longest subject value a batch stores; Keycloak's emails and ids are shorter. */
    private static final int MAX_VALUE = 255;

    /** The subjects to submit (each naming an account) and the accounts, by id. */
    record Match(List<Subject> subjects, Map<String, UserModel> users) {
        boolean isEmpty() {
            return subjects.isEmpty();
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String phoneAttribute;

    SetSubjectResolver(KeycloakSession session, RealmModel realm, String phoneAttribute) {
        this.session = session;
        this.realm = realm;
        this.phoneAttribute = phoneAttribute;
    }

    /** @param realmIssuer the realm's issuer URL, for {@code iss_sub}; null if unknown */
    Match resolve(SubjectIdentifier identifier, String realmIssuer) {
        List<Subject> subjects = new ArrayList<>();
        Map<String, UserModel> users = new LinkedHashMap<>();
        for (Subject subject : identifier.keycloakSubjects(realmIssuer)) {
            UserModel user = subject.value().length() > MAX_VALUE ? null : KeycloakSubjectResolver.findUser(session, realm, subject);
            if (user != null) {
                subjects.add(subject);
                users.putIfAbsent(user.getId(), user);
            }
        }
        if (phoneAttribute != null && !phoneAttribute.isBlank()) {
            for (String phone : identifier.phoneNumbers()) {
                List<UserModel> carriers = session.users().searchForUserByUserAttributeStream(realm, phoneAttribute, phone)
                        .limit(2).toList();
                if (carriers.size() == 1) {
                    UserModel user = carriers.get(0);
                    subjects.add(Subject.of(SubjectKind.USER_ID, user.getId()));
                    users.putIfAbsent(user.getId(), user);
                }
            }
        }
        return new Match(List.copyOf(subjects), users);
    }
}
