package com.compromisedcredentials.it;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fresh realm for one test class: a public client {@code app} for browser and password logins, and
 * users added with {@link #user}. Created through Keycloak's admin API, like an admin would.
 */
public final class TestRealm {

    public static final String CLIENT_ID = "app";
    public static final String REDIRECT_URI = "http://127.0.0.1:9/app/callback";

    private final ObjectNode rep = AdminApi.JSON.createObjectNode();
    private final ArrayNode users;

    private TestRealm(String prefix) {
        rep.put("realm", prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        rep.put("enabled", true);
        ArrayNode clients = rep.putArray("clients");
        ObjectNode app = clients.addObject();
        app.put("clientId", CLIENT_ID);
        app.put("publicClient", true);
        app.put("standardFlowEnabled", true);
        app.put("directAccessGrantsEnabled", true);
        app.putArray("redirectUris").add("http://127.0.0.1:9/app/*");
        users = rep.putArray("users");
    }

    public static TestRealm named(String prefix) {
        return new TestRealm(prefix);
    }

    /** Adds an enabled user with a verified email {@code <username>@example.com}. */
    public TestRealm user(String username, String password, String... realmManagementRoles) {
        ObjectNode user = users.addObject();
        user.put("username", username);
        user.put("email", username + "@example.com");
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("firstName", Character.toUpperCase(username.charAt(0)) + username.substring(1));
        user.put("lastName", "Tester");
        ObjectNode credential = user.putArray("credentials").addObject();
        credential.put("type", "password");
        credential.put("value", password);
        credential.put("temporary", false);
        if (realmManagementRoles.length > 0) {
            ArrayNode roles = user.putObject("clientRoles").putArray("realm-management");
            for (String role : realmManagementRoles) {
                roles.add(role);
            }
        }
        return this;
    }

    public ObjectNode representation() {
        return rep;
    }

    /** Creates the realm and returns its name. */
    public String create(AdminApi admin) {
        return admin.createRealm(rep);
    }
}
