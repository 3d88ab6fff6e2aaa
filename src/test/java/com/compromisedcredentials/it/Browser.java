package com.compromisedcredentials.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A minimal browser for Keycloak's login pages: follows redirects, keeps cookies (Keycloak marks them
 * Secure even over http, so they are kept regardless), fills and submits forms, and stops when Keycloak
 * sends the user back to the application's redirect URI.
 */
public final class Browser {

    /** A page Keycloak showed, or the application's callback it redirected to ({@code document} null then). */
    public record Page(URI uri, int status, Document document) {
        public boolean isApplication() {
            return document == null && uri.toString().startsWith(TestRealm.REDIRECT_URI);
        }

        public String code() {
            String query = uri.getQuery();
            for (String pair : query.split("&")) {
                if (pair.startsWith("code=")) {
                    return pair.substring(5);
                }
            }
            throw new AssertionError("No code in " + uri);
        }

        public String text(String cssQuery) {
            Element element = document.selectFirst(cssQuery);
            if (element == null) {
                throw new AssertionError("No " + cssQuery + " on " + uri + ":\n" + document.body().text());
            }
            return element.text();
        }

        public boolean has(String cssQuery) {
            return document != null && document.selectFirst(cssQuery) != null;
        }

        public String title() {
            return document == null ? "(application)" : document.title();
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private final String baseUrl;

    public Browser(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Sends every request as if through a reverse proxy for a client at {@code address} ({@code X-Forwarded-For}).
     * The test server trusts that header ({@code --proxy-headers=xforwarded}), as a Keycloak behind a proxy would.
     */
    public Browser from(String address) {
        extraHeaders.put("X-Forwarded-For", address);
        return this;
    }

    /** Opens the realm's login page for the test client, as an application redirecting there would. */
    public Page openLogin(String realm) {
        return get(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + TestRealm.CLIENT_ID
                + "&redirect_uri=" + AdminApi.enc(TestRealm.REDIRECT_URI) + "&response_type=code&scope=openid&state=s1"));
    }

    /** Username and password on the login page. */
    public Page login(String realm, String username, String password) {
        Page page = openLogin(realm);
        return submit(page, "#kc-form-login", Map.of("username", username, "password", password));
    }

    /** Submits the form matched by {@code formSelector}, with its own fields plus {@code values}. */
    public Page submit(Page page, String formSelector, Map<String, String> values) {
        if (page.document() == null) {
            throw new AssertionError("Expected a page with " + formSelector + ", but the login ended at " + page.uri());
        }
        Element form = page.document().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("No form " + formSelector + " on '" + page.title() + "' (" + page.uri() + "):\n"
                    + page.document().body().text());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            if (!List.of("submit", "button").contains(input.attr("type"))) {
                fields.put(input.attr("name"), input.attr("value"));
            }
        }
        fields.putAll(values);
        String body = fields.entrySet().stream()
                .map(e -> AdminApi.enc(e.getKey()) + "=" + AdminApi.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        URI action = page.uri().resolve(form.attr("action"));
        return follow(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Page get(URI uri) {
        return follow(HttpRequest.newBuilder(uri).GET().build());
    }

    private Page follow(HttpRequest request) {
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status / 100 == 3) {
                URI next = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(TestRealm.REDIRECT_URI)) {
                    return new Page(next, status, null);
                }
                request = HttpRequest.newBuilder(next).GET().build();
                continue;
            }
            return new Page(request.uri(), status, Jsoup.parse(response.body(), request.uri().toString()));
        }
        throw new AssertionError("Too many redirects from " + request.uri());
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(request.uri())
                .method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
                .timeout(Duration.ofSeconds(60));
        request.headers().map().forEach((name, values) -> values.forEach(v -> withCookies.header(name, v)));
        extraHeaders.forEach(withCookies::header);
        if (!cookies.isEmpty()) {
            withCookies.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("No answer from " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
