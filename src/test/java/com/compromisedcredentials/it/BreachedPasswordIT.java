package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Breached passwords against the HIBP range API (a stand-in served by the test on loopback): refused
 * wherever a password is set with the notCompromised policy, and flagged at login by the check.
 */
@ExtendWith(KeycloakExtension.class)
class BreachedPasswordIT {

    private static final String BREACHED = "Summer2024!";
    private static AdminApi admin;

    @BeforeAll
    static void setUp(AdminApi api) {
        admin = api;
        FakeHibp.instance().breached(BREACHED, 48_213);
    }

    @AfterEach
    void apiUp() {
        FakeHibp.instance().mode(FakeHibp.Mode.UP);
    }

    @Test
    void aBreachedPasswordIsRefusedWhereverItIsSet() {
        ObjectNode rep = TestRealm.named("breach-policy").user("alice", "alice-Passw0rd").representation();
        rep.put("passwordPolicy", "notCompromised(1)");
        rep.put("registrationAllowed", true);
        String realm = admin.createRealm(rep);
        String aliceId = admin.userId(realm, "alice");

        // an admin setting it
        AdminApi.Reply adminSet = admin.put("/admin/realms/" + realm + "/users/" + aliceId + "/reset-password",
                Map.of("type", "password", "value", BREACHED, "temporary", false));
        assertEquals(400, adminSet.status(), adminSet.toString());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd").isApplication(), "unchanged");

        // a user updating it (Keycloak's own update-password page, required by the admin)
        admin.put("/admin/realms/" + realm + "/users/" + aliceId, Map.of("requiredActions", java.util.List.of("UPDATE_PASSWORD")));
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        page = browser.submit(page, "#kc-passwd-update-form", Map.of("password-new", BREACHED, "password-confirm", BREACHED));
        assertTrue(page.document().body().text().contains("appeared 48,213 times in known data breaches"), page.document().body().text());
        page = browser.submit(page, "#kc-passwd-update-form", Map.of("password-new", "a-Fresh-Passw0rd-91", "password-confirm", "a-Fresh-Passw0rd-91"));
        assertTrue(page.isApplication(), page.title());

        // registration
        Browser visitor = new Browser(admin.baseUrl());
        Browser.Page login = visitor.openLogin(realm);
        Browser.Page register = visitor.get(login.uri().resolve(login.document().selectFirst("a[href*=registration]").attr("href")));
        Browser.Page refused = visitor.submit(register, "#kc-register-form", Map.of("username", "newbie", "email", "newbie@example.com",
                "firstName", "New", "lastName", "Bie", "password", BREACHED, "password-confirm", BREACHED));
        assertTrue(refused.document().body().text().contains("known data breaches"), refused.document().body().text());
        assertEquals(0, admin.get("/admin/realms/" + realm + "/users?username=newbie&exact=true").json().size());
    }

    @Test
    void aLoginWithABreachedPasswordFlagsTheAccountAndLeadsToTheReset() {
        String realm = checkingRealm("carl", BREACHED);
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "carl", BREACHED);
        assertTrue(page.has("#cc-reset-form"), page.title());
        assertTrue(page.text("#cc-reason").contains("public list of passwords stolen in data breaches"), page.text("#cc-reason"));
        JsonNode flag = admin.get("/admin/realms/" + realm + "/compromised-credentials/users/" + admin.userId(realm, "carl") + "/flag").json();
        assertEquals("breached-password", flag.get("reason").asText());
        assertEquals("password-check", flag.get("source").asText());
        assertEquals("ACTIVE", flag.get("state").asText());

        // a password that is not breached logs in untouched
        assertTrue(new Browser(admin.baseUrl()).login(realm, "dina", "dina-Unusual-Passw0rd-77").isApplication());
    }

    @Test
    void aBreachedPasswordAtLoginIsStoppedEvenWhenTheRealmsLimitsAreReached() {
        String realm = checkingRealm("carl", BREACHED);
        admin.setPolicy(realm, Map.of("breachCheckAtLogin", "true", "enforcementMode", "reset", "maxFlagsPerHour", "1"));
        // a feed has used this hour's share of new flags: a batch would now be held
        AdminApi.Reply feed = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "credential-leak", "subjects", java.util.List.of(Map.of("username", "dina"))));
        assertEquals("APPLIED", feed.json().get("state").asText(), feed.toString());

        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "carl", BREACHED);
        assertFalse(page.isApplication(), "a breached password found at login never lets that login through");
        assertTrue(page.has("#cc-reset-form"), page.title());
        JsonNode flag = admin.get("/admin/realms/" + realm + "/compromised-credentials/users/" + admin.userId(realm, "carl") + "/flag").json();
        assertEquals("ACTIVE", flag.get("state").asText(), flag.toString());
    }

    @Test
    void withTheApiDownALoginStillCompletesWithinTheTimeout() {
        String realm = checkingRealm("carl", BREACHED);
        FakeHibp.instance().mode(FakeHibp.Mode.HANGING);
        int before = FakeHibp.instance().requests();
        long start = System.nanoTime();
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "carl", BREACHED);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(page.isApplication(), "lookup failure at login: allow " + page.title());
        assertTrue(millis < 5_000, "the login waited " + millis + " ms for a hanging API");
        assertTrue(FakeHibp.instance().requests() > before, "the API was asked");
        assertEquals(404, admin.get("/admin/realms/" + realm + "/compromised-credentials/users/" + admin.userId(realm, "carl") + "/flag").status());

        FakeHibp.instance().mode(FakeHibp.Mode.DOWN_500);
        assertTrue(new Browser(admin.baseUrl()).login(realm, "carl", BREACHED).isApplication());
    }

    /** A realm whose browser flow has the check after the password, with breachCheckAtLogin on. */
    private static String checkingRealm(String user, String password) {
        String realm = TestRealm.named("breach-login").user(user, password).user("dina", "dina-Unusual-Passw0rd-77").create(admin);
        admin.setPolicy(realm, Map.of("breachCheckAtLogin", "true", "enforcementMode", "reset"));
        String flows = "/admin/realms/" + realm + "/authentication/flows";
        assertEquals(201, admin.post(flows + "/browser/copy", Map.of("newName", "browser-check")).status());
        AdminApi.Reply added = admin.post(flows + "/browser-check%20forms/executions/execution", Map.of("provider", "compromised-credentials-check"));
        assertEquals(201, added.status(), added.toString());
        for (JsonNode execution : admin.get(flows + "/browser-check/executions").json()) {
            if ("compromised-credentials-check".equals(execution.path("providerId").asText())) {
                ((ObjectNode) execution).put("requirement", "REQUIRED");
                assertTrue(admin.put(flows + "/browser-check/executions", execution).status() / 100 == 2);
            }
        }
        assertEquals(204, admin.put("/admin/realms/" + realm, Map.of("browserFlow", "browser-check")).status());
        assertFalse(admin.get(flows + "/browser-check/executions").json().isEmpty());
        return realm;
    }
}
