package com.compromisedcredentials.login;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Where a user's password lives, as far as the reset is concerned. Keycloak changes it itself for a local user and for
 * a user of a WRITABLE federation (LDAP, Active Directory: Keycloak writes the new password to the directory) or an
 * UNSYNCED one (the new password is kept in Keycloak only). It cannot for a user of a READ_ONLY federation: such a
 * user is shown where to change the password instead of a reset form.
 */
public final class PasswordHome {

    /** The edit-mode setting of Keycloak's LDAP (and Kerberos) user federation, and its read-only value. */
    static final String EDIT_MODE = "editMode";
    static final String READ_ONLY = "READ_ONLY";
    /** How a flag is resolved when a login shows the password was changed where it lives. */
    public static final String RESOLUTION_CHANGED_ELSEWHERE = "directory-password-changed";

    private PasswordHome() {
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
