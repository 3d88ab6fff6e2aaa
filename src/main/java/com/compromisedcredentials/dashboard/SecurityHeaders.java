package com.compromisedcredentials.dashboard;

import java.util.Collection;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The headers of every dashboard response. The page loads nothing but its own files: no inline script or
 * style, no other origin, no framing; Trusted Types are enforced, so the scripts cannot write HTML from
 * strings even by mistake. Keycloak's own header filter would replace this policy with the realm's looser
 * login-page one, so it is told to skip these responses; the realm's HSTS and robots settings are kept.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    /**
     * @param otherOrigins origins besides the page's own that the page calls (the server's frontend or admin
     *                     URL when they differ from the address the page was opened at)
     */
    static String contentSecurityPolicy(Collection<String> otherOrigins) {
        String connect = otherOrigins.stream().distinct().map(o -> " " + o).collect(Collectors.joining());
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
                + "connect-src 'self'" + connect + "; object-src 'none'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
    }

    static Response.ResponseBuilder apply(KeycloakSession session, Response.ResponseBuilder response, String contentSecurityPolicy) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        RealmModel realm = session.getContext().getRealm();
        return response
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
                .header(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getHeaderName(),
                        realmHeader(realm, BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY))
                .header(BrowserSecurityHeaders.X_ROBOTS_TAG.getHeaderName(), realmHeader(realm, BrowserSecurityHeaders.X_ROBOTS_TAG));
    }

    /** The realm's value of one of its browser security headers, or null (no header) when it is set empty. */
    private static String realmHeader(RealmModel realm, BrowserSecurityHeaders header) {
        String value = realm.getBrowserSecurityHeaders().getOrDefault(header.getKey(), header.getDefaultValue());
        return value == null || value.isEmpty() ? null : value;
    }
}
