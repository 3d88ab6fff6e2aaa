package com.compromisedcredentials.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

class DashboardClientTest {

    @Test
    void signInClientIsPublicCodeFlowOnlyWithPkceAndRedirectsOnlyToTheDashboard() {
        ClientRepresentation client = DashboardClient.representation("acme corp");
        assertEquals("compromised-credentials-console", client.getClientId());
        assertTrue(client.isPublicClient());
        assertTrue(client.isStandardFlowEnabled());
        assertFalse(client.isDirectAccessGrantsEnabled());
        assertFalse(client.isImplicitFlowEnabled());
        assertFalse(client.isServiceAccountsEnabled());
        assertEquals("S256", client.getAttributes().get("pkce.code.challenge.method"));
        assertEquals(List.of("/realms/acme%20corp/compromised-credentials/console/*"), client.getRedirectUris());
    }

    @Test
    void contentSecurityPolicyAllowsNothingInlineNorForeign() {
        String csp = SecurityHeaders.contentSecurityPolicy(List.of("https://admin.example.com"));
        assertFalse(csp.contains("unsafe"), csp);
        assertFalse(csp.contains("*"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertTrue(csp.contains("style-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("connect-src 'self' https://admin.example.com;"), csp);
        assertTrue(csp.contains("require-trusted-types-for 'script'"), csp);
    }
}
