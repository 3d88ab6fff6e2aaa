package com.compromisedcredentials.login;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;

/**
 * Where a user's password lives, as far as the reset is concerned. Keycloak changes it itself for a local user and for
 * a user of a WRITABLE federation (LDAP, Active Directory: Keycloak writes the new password to the directory) or an
 * UNSYNCED one (the new password is kept in Keycloak only). It cannot for a user of a READ_ONLY federation: such a
 * user is shown where to change the password instead of a reset form.
 *
 * <p>A directory may also say when it last changed a password (OpenLDAP's {@code pwdChangedTime}, Active Directory's
 * {@code pwdLastSet}). Keycloak sees it only through a user-attribute mapper of the federation; one that is read-only
 * (so that neither the user nor a write through Keycloak can set it) is trusted to say the password changed after a flag.
 */
public final class PasswordHome {

    /** The edit-mode setting of Keycloak's LDAP (and Kerberos) user federation, and its read-only value. */
    static final String EDIT_MODE = "editMode";
    static final String READ_ONLY = "READ_ONLY";
    /** How a flag is resolved when a login shows the password was changed where it lives. */
    public static final String RESOLUTION_CHANGED_ELSEWHERE = "directory-password-changed";

    /** The directory attributes that hold the time of the last password change. */
    static final Set<String> CHANGE_TIME_ATTRIBUTES = Set.of("pwdchangedtime", "pwdlastset");
    /** Keycloak's LDAP mappers: their component type, the user-attribute mapper and the settings read here. */
    static final String LDAP_MAPPER_TYPE = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
    static final String ATTRIBUTE_MAPPER = "user-attribute-ldap-mapper";
    static final String MAPPER_LDAP_ATTRIBUTE = "ldap.attribute";
    static final String MAPPER_USER_ATTRIBUTE = "user.model.attribute";
    static final String MAPPER_READ_ONLY = "read.only";

    private PasswordHome() {
    }

    /**
     * Whether the user's directory says their password was changed after {@code since} (epoch milliseconds): a
     * read-only user-attribute mapper of their federation maps {@code pwdChangedTime} or {@code pwdLastSet}, and its
     * value is in a later second than {@code since} (a change in the same second is not taken as later). The user is
     * read afresh from the directory for it (Keycloak's user cache would give the value of when it was cached): one
     * directory lookup, only for a flagged user whose federation maps such an attribute.
     */
    public static boolean changedInDirectorySince(KeycloakSession session, RealmModel realm, UserModel user, long since) {
        String link = user.getFederationLink();
        if (link == null) {
            return false;
        }
        List<String> attributes = realm.getComponentsStream(link, LDAP_MAPPER_TYPE)
                .filter(mapper -> ATTRIBUTE_MAPPER.equals(mapper.getProviderId()))
                .filter(mapper -> "true".equals(mapper.getConfig().getFirst(MAPPER_READ_ONLY)))
                .filter(mapper -> {
                    String attribute = mapper.getConfig().getFirst(MAPPER_LDAP_ATTRIBUTE);
                    return attribute != null && CHANGE_TIME_ATTRIBUTES.contains(attribute.toLowerCase(Locale.ROOT));
                })
                .map(mapper -> mapper.getConfig().getFirst(MAPPER_USER_ATTRIBUTE))
                .filter(name -> name != null && !name.isBlank())
                .toList();
        if (attributes.isEmpty()) {
            return false;
        }
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null) {
            cache.evict(realm, user);
        }
        UserModel fresh = session.users().getUserById(realm, user.getId());
        return fresh != null && attributes.stream()
                .map(name -> DirectoryTime.parse(fresh.getFirstAttribute(name)))
                .anyMatch(changed -> changed.isPresent() && changed.getAsLong() / 1000 > since / 1000);
    }

    /** Whether the user's password is kept by a federation provider that Keycloak may not write to. */
    public static boolean managedElsewhere(RealmModel realm, UserModel user) {
        String link = user.getFederationLink();
        if (link == null) {
            return false;
        }
        ComponentModel provider = realm.getComponent(link);
        return provider != null && READ_ONLY.equals(provider.getConfig().getFirst(EDIT_MODE));
    }
}
