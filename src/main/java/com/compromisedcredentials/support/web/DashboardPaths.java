package com.compromisedcredentials.support.web;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.common.util.Encode;

/** Where the dashboard lives and which client signs admins in to it. */
public final class DashboardPaths {

    /** The public OIDC client, in every realm, through which the dashboard signs admins in (PKCE S256). */
    public static final String CLIENT_ID = "compromised-credentials-console";

    private DashboardPaths() {
    }

    /**
     * The dashboard of {@code realmName} relative to the server's base URL, without a leading slash:
     * {@code realms/{realm}/compromised-credentials/console/}.
     */
    public static String console(String realmName) {
        return "realms/" + Encode.encodePathSegmentAsIs(realmName) + "/" + ProviderIds.COMPROMISED_CREDENTIALS + "/console/";
    }
}
