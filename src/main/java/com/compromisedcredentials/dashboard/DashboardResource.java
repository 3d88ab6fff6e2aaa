package com.compromisedcredentials.dashboard;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.compromisedcredentials.support.web.DashboardPaths;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;
import org.keycloak.urls.UrlType;

/**
 * {@code /realms/{realm}/compromised-credentials/console/}: the dashboard page and its files. The page itself
 * holds no data: its scripts sign the admin in to {@code {realm}} through the {@code compromised-credentials-console}
 * client and call the admin REST API with the admin's token, which checks the realm-management roles.
 * <p>
 * From the master realm, {@code ?realm=other} manages another realm with a master admin's token.
 */
public class DashboardResource {

    private final KeycloakSession session;
    private final DashboardAssets assets;

    DashboardResource(KeycloakSession session, DashboardAssets assets) {
        this.session = session;
        this.assets = assets;
    }

    @GET
    @Path("console")
    public Response page(@QueryParam("realm") String realmParam) {
        URI request = session.getContext().getUri().getRequestUri();
        if (!request.getRawPath().endsWith("/")) {
            String query = request.getRawQuery();
            return Response.status(Response.Status.SEE_OTHER)
                    .location(URI.create(request.resolve("console/") + (query == null ? "" : "?" + query)))
                    .build();
        }
        RealmModel loginRealm = session.getContext().getRealm();
        RealmModel target = targetRealm(loginRealm, realmParam);

        URI frontend = session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
        URI admin = session.getContext().getUri(UrlType.ADMIN).getBaseUri();
        String frontendBase = withSlash(frontend.toString());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loginRealm", loginRealm.getName());
        config.put("realm", target.getName());
        config.put("realmDisplayName", displayName(target));
        config.put("clientId", DashboardPaths.CLIENT_ID);
        config.put("authority", frontendBase + "realms/" + encode(loginRealm.getName()));
        config.put("adminBase", withSlash(admin.toString()) + "admin/realms/" + encode(target.getName()));
        config.put("consoleUrl", frontendBase + DashboardPaths.console(loginRealm.getName()));
        String masterName = Config.getAdminRealm();
        if (!loginRealm.getName().equals(masterName)) {
            config.put("serverAdminUrl", frontendBase + DashboardPaths.console(masterName) + "?realm=" + encode(target.getName()));
        }

        Locale locale = session.getContext().resolveLocale(null);
        String html = IndexPage.render(assets.indexTemplate(), locale, messages(target, locale), config);

        List<String> otherOrigins = new ArrayList<>();
        String own = origin(request);
        for (URI base : List.of(frontend, admin)) {
            if (!origin(base).equals(own)) {
                otherOrigins.add(origin(base));
            }
        }
        return SecurityHeaders.apply(session, Response.ok(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"),
                        SecurityHeaders.contentSecurityPolicy(otherOrigins))
                .header("Cache-Control", "no-store")
                .header("Content-Language", locale.toLanguageTag())
                .build();
    }

    @GET
    @Path("console/{asset}")
    public Response asset(@PathParam("asset") String name, @HeaderParam("If-None-Match") String ifNoneMatch) {
        DashboardAssets.Asset asset = assets.get(name).orElseThrow(NotFoundException::new);
        Response.ResponseBuilder response = asset.etag().equals(ifNoneMatch)
                ? Response.notModified()
                : Response.ok(asset.bytes(), asset.contentType());
        return SecurityHeaders.apply(session, response, SecurityHeaders.contentSecurityPolicy(List.of()))
                .header("ETag", asset.etag())
                .header("Cache-Control", "no-cache")
                .build();
    }

    /** The realm the dashboard manages: the realm of its path, or from the master realm any realm named by {@code ?realm=}. */
    private RealmModel targetRealm(RealmModel loginRealm, String realmParam) {
        if (realmParam == null || realmParam.isBlank() || realmParam.equals(loginRealm.getName())) {
            return loginRealm;
        }
        if (!loginRealm.getName().equals(Config.getAdminRealm())) {
            throw new NotFoundException("Only the master realm's dashboard manages other realms");
        }
        RealmModel target = session.realms().getRealmByName(realmParam);
        if (target == null) {
            throw new NotFoundException("No realm " + realmParam);
        }
        return target;
    }

    private Properties messages(RealmModel realm, Locale locale) {
        try {
            return session.theme().getTheme(Theme.Type.ADMIN).getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the admin theme's messages", e);
        }
    }

    private static String displayName(RealmModel realm) {
        return realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
    }

    private static String origin(URI uri) {
        int port = uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + (port == -1 ? "" : ":" + port);
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static String encode(String segment) {
        return org.keycloak.common.util.Encode.encodePathSegmentAsIs(segment);
    }
}
