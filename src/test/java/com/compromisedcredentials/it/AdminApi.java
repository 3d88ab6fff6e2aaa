package com.compromisedcredentials.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Keycloak's admin REST API and the extension's, over plain HTTP with JSON, as a script or a SIEM would call them. */
public final class AdminApi {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status, raw body and, when it is JSON, the parsed body. */
    public record Reply(int status, String body, String location) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (HTTP " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;
    private long adminTokenAt;

    AdminApi(KeycloakServer server) {
        this.server = server;
    }

    /** The admin API of a server started outside JUnit (benchmarks). */
    public static AdminApi connect(KeycloakServer server) {
        return new AdminApi(server);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** A token of the master realm's bootstrap admin. Refetched often: master tokens live one minute. */
    public synchronized String adminToken() {
        if (adminToken == null || System.currentTimeMillis() - adminTokenAt > 30_000) {
            adminToken = passwordGrant("master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            adminTokenAt = System.currentTimeMillis();
        }
        return adminToken;
    }

    /** A token for a user of {@code realm}, through the realm's admin-cli client. */
    public String passwordGrant(String realm, String username, String password) {
        Reply reply = form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", username, "password", password));
        if (reply.status() != 200) {
            throw new AssertionError("Could not get a token for " + username + " in " + realm + ": " + reply);
        }
        return reply.json().get("access_token").asText();
    }

    /** A token of a client's service account (the client-credentials grant). */
    public String clientCredentialsGrant(String realm, String clientId, String secret) {
        Reply reply = form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (reply.status() != 200) {
            throw new AssertionError("Could not get a token for client " + clientId + " in " + realm + ": " + reply);
        }
        return reply.json().get("access_token").asText();
    }

    public Reply form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a realm from its representation and returns its name. */
    public String createRealm(ObjectNode representation) {
        Reply reply = call("POST", "/admin/realms", representation.toString(), adminToken());
        if (reply.status() != 201) {
            throw new AssertionError("Could not create realm: " + reply);
        }
        return representation.get("realm").asText();
    }

    public Reply get(String path) {
        return call("GET", path, null, adminToken());
    }

    public Reply post(String path, Object body) {
        return call("POST", path, body == null ? null : toJson(body), adminToken());
    }

    public Reply put(String path, Object body) {
        return call("PUT", path, body == null ? null : toJson(body), adminToken());
    }

    public Reply delete(String path) {
        return call("DELETE", path, null, adminToken());
    }

    /** Any call, with any body and token ({@code null} for none). */
    public Reply call(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /**
     * Sets realm policy settings where the admin console writes them: the configuration of the
     * COMPROMISED_PASSWORD_RESET required action, through Keycloak's own admin API.
     */
    public void setPolicy(String realm, Map<String, String> settings) {
        Reply reply = put("/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET/config",
                Map.of("config", settings));
        if (reply.status() != 204) {
            throw new AssertionError("Could not set the policy " + settings + ": " + reply);
        }
    }

    /** The id of a user of {@code realm}, by username. */
    public String userId(String realm, String username) {
        JsonNode users = get("/admin/realms/" + realm + "/users?exact=true&username=" + enc(username)).json();
        if (users.size() != 1) {
            throw new AssertionError("Expected one user " + username + " in " + realm + ", found " + users);
        }
        return users.get(0).get("id").asText();
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new AssertionError("Keycloak did not answer: " + e + "\n" + server.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
