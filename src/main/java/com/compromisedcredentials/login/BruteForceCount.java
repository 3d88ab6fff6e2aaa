package com.compromisedcredentials.login;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

import jakarta.ws.rs.core.UriInfo;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Counts a failed proof for Keycloak's brute-force protection on every supported Keycloak: 26.4 and 26.5 have
 * {@code failedLogin(realm, user, connection, uriInfo)}, 26.7 replaced it with a variant that also takes the
 * authentication categories. The one this server has is found once, at class loading; calling the other would
 * end in a {@code NoSuchMethodError} at the first wrong code.
 */
final class BruteForceCount {

    private static final MethodHandle FAILED_LOGIN = find();

    private BruteForceCount() {
    }

    static void failedLogin(BruteForceProtector protector, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo) {
        try {
            if (FAILED_LOGIN.type().parameterCount() == 6) {
                FAILED_LOGIN.invoke(protector, realm, user, connection, uriInfo, (Set<String>) null);
            } else {
                FAILED_LOGIN.invoke(protector, realm, user, connection, uriInfo);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Keycloak's brute-force protection failed", e);
        }
    }

    private static MethodHandle find() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            return lookup.findVirtual(BruteForceProtector.class, "failedLogin", MethodType.methodType(void.class,
                    RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class, Set.class));
        } catch (NoSuchMethodException | IllegalAccessException newer) {
            try {
                return lookup.findVirtual(BruteForceProtector.class, "failedLogin", MethodType.methodType(void.class,
                        RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class));
            } catch (NoSuchMethodException | IllegalAccessException older) {
                throw new IllegalStateException("This Keycloak's BruteForceProtector has no failedLogin the extension knows", older);
            }
        }
    }
}
