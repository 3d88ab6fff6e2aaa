package com.compromisedcredentials.dashboard;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.support.web.DashboardPaths;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * The dashboard's sign-in client: public, authorization code flow only, PKCE S256 required, redirects only to
 * the realm's own dashboard. Full scope like Keycloak's own {@code security-admin-console}, so that an
 * admin's token carries the realm-management roles the admin API checks. A client an admin has already
 * created or changed under this id is left as it is.
 */
public final class DashboardClient {

    private static final Logger LOG = Logger.getLogger(DashboardClient.class);

    private DashboardClient() {
    }

    public static void ensure(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(DashboardPaths.CLIENT_ID) != null) {
            return;
        }
        ClientManager.createClient(session, realm, representation(realm.getName()));
        LOG.infof("Added client %s (the compromised-credentials dashboard's sign-in) to realm %s", DashboardPaths.CLIENT_ID, realm.getName());
    }

    /** The client as it is created; also what a realm-as-code file should contain (see the README). */
    static ClientRepresentation representation(String realmName) {
        String console = "/" + DashboardPaths.console(realmName);
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(DashboardPaths.CLIENT_ID);
        rep.setName("Compromised credentials dashboard");
        rep.setDescription("Signs admins in to the compromised-credentials dashboard. Created by the extension.");
        rep.setProtocol("openid-connect");
        rep.setPublicClient(true);
        rep.setStandardFlowEnabled(true);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(false);
        rep.setFullScopeAllowed(true);
        rep.setBaseUrl(console);
        rep.setRedirectUris(List.of(console + "*"));
        rep.setWebOrigins(List.of("+"));
        rep.setAttributes(Map.of(
                "pkce.code.challenge.method", "S256",
                "post.logout.redirect.uris", "+"));
        return rep;
    }
}
