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

    /**
     * Adds {@code count} users {@code <prefix>001..} with a verified email {@code <name>@example.com} and a stored
     * password that nothing matches: accounts to flag and email in numbers, without hashing a password for each.
     */
    public TestRealm accounts(String prefix, int count) {
        // a stored password no password matches (nobody logs in as them), imported as is, so that no hashing slows
        // the realm's creation; an account without any password would not be flagged for a password compromise
        return accounts(prefix, count, 3, "{\"value\":\"unusable\",\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"additionalParameters\":{}}",
                "{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}");
    }

    /**
     * Adds {@code count} users {@code <prefix>} and a number of {@code digits} digits, each with a verified email and
     * the stored password credential given as Keycloak stores it ({@code secretData}, {@code credentialData}).
     */
    public TestRealm accounts(String prefix, int count, int digits, String secretData, String credentialData) {
        for (int i = 1; i <= count; i++) {
            String name = prefix + String.format("%0" + digits + "d", i);
            ObjectNode user = users.addObject();
            user.put("username", name);
            user.put("email", name + "@example.com");
            user.put("emailVerified", true);
            user.put("enabled", true);
            user.put("firstName", "Account");
            user.put("lastName", "Tester");
            ObjectNode password = user.putArray("credentials").addObject();
            password.put("type", "password");
            password.put("secretData", secretData);
            password.put("credentialData", credentialData);
        }
        return this;
    }

    /** Adds {@code count} plain users {@code <prefix>01..} with password {@code <name>-Passw0rd}. */
    public TestRealm users(String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            String name = String.format("%s%02d", prefix, i);
            user(name, name + "-Passw0rd");
        }
        return this;
    }

    /** Adds a group and puts the named (already added) users in it. */
    public TestRealm group(String name, String... members) {
        rep.withArray("groups").addObject().put("name", name);
        for (ObjectNode user : iterable(users)) {
            for (String member : members) {
                if (user.get("username").asText().equals(member)) {
                    user.withArray("groups").add("/" + name);
                }
            }
        }
        return this;
    }

    /**
     * Adds a confidential client with a service account (whose user is never flagged), secret
     * {@code <clientId>-secret}, holding these {@code realm-management} roles.
     */
    public TestRealm serviceAccountClient(String clientId, String... realmManagementRoles) {
        if (realmManagementRoles.length > 0) {
            ObjectNode user = users.addObject();
            user.put("username", "service-account-" + clientId);
            user.put("enabled", true);
            user.put("serviceAccountClientId", clientId);
            ArrayNode roles = user.putObject("clientRoles").putArray("realm-management");
            for (String role : realmManagementRoles) {
                roles.add(role);
            }
        }
        ObjectNode client = rep.withArray("clients").addObject();
        client.put("clientId", clientId);
        client.put("publicClient", false);
        client.put("secret", clientId + "-secret");
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        return this;
    }

    /** Sends the realm's email through an SMTP server on 127.0.0.1 at {@code port}. */
    public TestRealm smtp(int port) {
        ObjectNode smtp = rep.putObject("smtpServer");
        smtp.put("host", "127.0.0.1");
        smtp.put("port", String.valueOf(port));
        smtp.put("from", "security@example.com");
        smtp.put("fromDisplayName", "Example security team");
        return this;
    }

    /** English, German, French and Spanish, English by default. */
    public TestRealm languages() {
        rep.put("internationalizationEnabled", true);
        rep.putArray("supportedLocales").add("en").add("de").add("fr").add("es");
        rep.put("defaultLocale", "en");
        return this;
    }

    /** The realm's language when a user has none: one of {@link #languages()}. */
    public TestRealm defaultLocale(String locale) {
        rep.put("defaultLocale", locale);
        return this;
    }

    /** Sets an attribute of an already added user ({@code locale}, say); {@code email} null removes the address. */
    public TestRealm userAttribute(String username, String name, String value) {
        for (ObjectNode user : iterable(users)) {
            if (user.get("username").asText().equals(username)) {
                if (name.equals("email") || name.equals("emailVerified")) {
                    if (value == null) {
                        user.remove(name);
                    } else if (name.equals("emailVerified")) {
                        user.put(name, Boolean.parseBoolean(value));
                    } else {
                        user.put(name, value);
                    }
                } else {
                    user.with("attributes").putArray(name).add(value);
                }
            }
        }
        return this;
    }

    /** Gives an already added user an authenticator app (TOTP) with this raw secret, set up now. */
    public TestRealm otp(String username, String secret) {
        for (ObjectNode user : iterable(users)) {
            if (user.get("username").asText().equals(username)) {
                ObjectNode otp = user.withArray("credentials").addObject();
                otp.put("type", "otp");
                otp.put("userLabel", "phone");
                otp.put("createdDate", System.currentTimeMillis() - 86_400_000L);
                otp.put("secretData", "{\"value\":\"" + secret + "\"}");
                otp.put("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
            }
        }
        return this;
    }

    /** Gives an already added user a pending required action (as an admin's "Update password" would). */
    public TestRealm requiredAction(String username, String action) {
        for (ObjectNode user : iterable(users)) {
            if (user.get("username").asText().equals(username)) {
                user.withArray("requiredActions").add(action);
            }
        }
        return this;
    }

    /** Takes every credential from an already added user: a passkey-only or identity-provider-only account. */
    public TestRealm withoutPassword(String username) {
        for (ObjectNode user : iterable(users)) {
            if (user.get("username").asText().equals(username)) {
                user.remove("credentials");
            }
        }
        return this;
    }

    /** Keycloak's brute-force protection on, with a high threshold so that tests can count failures. */
    public TestRealm bruteForceProtection() {
        rep.put("bruteForceProtected", true);
        rep.put("failureFactor", 50);
        // no "quick failure" lock-out: tests submit wrong codes faster than any person would
        rep.put("quickLoginCheckMilliSeconds", 1);
        rep.put("minimumQuickLoginWaitSeconds", 1);
        return this;
    }

    /** Lets users reset a forgotten password by email (Keycloak's own flow). */
    public TestRealm forgotPassword() {
        rep.put("resetPasswordAllowed", true);
        return this;
    }

    public TestRealm displayName(String displayName) {
        rep.put("displayName", displayName);
        return this;
    }

    /**
     * Lets logins over plain HTTP come from any address. By default Keycloak refuses them (ssl_required) from an
     * address that is not local, which every X-Forwarded-For address of a test is.
     */
    public TestRealm httpFromAnyAddress() {
        rep.put("sslRequired", "none");
        return this;
    }

    /** Stores admin events, so tests can read them back. */
    public TestRealm adminEvents() {
        rep.put("adminEventsEnabled", true);
        rep.put("adminEventsDetailsEnabled", true);
        return this;
    }

    private static Iterable<ObjectNode> iterable(ArrayNode array) {
        java.util.List<ObjectNode> list = new java.util.ArrayList<>();
        array.forEach(n -> list.add((ObjectNode) n));
        return list;
    }

    public ObjectNode representation() {
        return rep;
    }

    /** Creates the realm and returns its name. */
    public String create(AdminApi admin) {
        return admin.createRealm(rep);
    }
}
