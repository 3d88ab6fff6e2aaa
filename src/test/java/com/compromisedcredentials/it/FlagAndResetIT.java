package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walking skeleton end to end on a real Keycloak: an admin flags a user through the API, the user
 * logs in, must choose a new password, reaches the application, and the flag reads RESOLVED.
 */
@ExtendWith(KeycloakExtension.class)
class FlagAndResetIT {

    private static AdminApi admin;
    private static String realm;

    @BeforeAll
    static void createRealm(AdminApi api) {
        admin = api;
        realm = TestRealm.named("flag-reset")
                .user("alice", "alice-old-Passw0rd")
                .user("bob", "bob-Passw0rd")
                .user("carol", "carol-old-Passw0rd")
                .user("dave", "dave-Passw0rd")
                .user("erin", "erin-Passw0rd")
                .create(admin);
        // the walking skeleton's mode; the step-up of the default mode is ResetModesIT's
        admin.setPolicy(realm, Map.of("enforcementMode", "reset"));
    }

    @Test
    void installingIsEnough_theRealmHasTheRequiredActionAndTheListener() {
        JsonNode action = admin.get("/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET").json();
        assertTrue(action.get("enabled").asBoolean(), action.toString());
        JsonNode events = admin.get("/admin/realms/" + realm + "/events/config").json();
        assertTrue(events.get("eventsListeners").toString().contains("\"compromised-credentials\""), events.toString());
    }

    @Test
    void flaggedUserMustSetANewPasswordBeforeReachingTheApplication() {
        AdminApi.Reply submitted = admin.post(signals(), Map.of(
                "source", "breach-feed-x",
                "reason", "credential-leak",
                "subjects", List.of(Map.of("email", "Alice@Example.com"))));
        assertEquals(201, submitted.status(), submitted.toString());
        JsonNode summary = submitted.json();
        assertEquals("APPLIED", summary.get("state").asText());
        assertEquals(1, summary.get("received").asInt());
        assertEquals(1, summary.get("matched").asInt());
        assertEquals(1, summary.get("newlyFlagged").asInt());
        assertEquals(0, summary.get("alreadyFlagged").asInt());

        String aliceId = admin.userId(realm, "alice");
        JsonNode flag = admin.get(flagOf(aliceId)).json();
        assertEquals("ACTIVE", flag.get("state").asText());
        assertEquals("credential-leak", flag.get("reason").asText());
        assertEquals("breach-feed-x", flag.get("source").asText());
        assertEquals(summary.get("batchId").asText(), flag.get("batchId").asText());
        assertEquals(KeycloakServer.ADMIN_USER, flag.get("createdBy").asText());

        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-old-Passw0rd");
        assertTrue(page.has("#cc-reset-form"), "expected the reset page, got: " + page.title());
        assertTrue(page.text("#cc-reason").contains("data breach"), page.text("#cc-reason"));
        assertTrue(page.text("#cc-what-happened").contains("known to someone else"), page.text("#cc-what-happened"));

        // the compromised password itself is refused, with the reason on the page
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "alice-old-Passw0rd", "password-confirm", "alice-old-Passw0rd"));
        assertTrue(page.text("#input-error-password-new").contains("known to others"), page.document().body().text());

        // mismatched confirmation is refused too
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "different"));
        assertTrue(page.has("#input-error-password-confirm"), page.document().body().text());

        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "alice-New-Passw0rd"));
        assertTrue(page.isApplication(), "expected the application, got: " + page.title());
        assertTrue(exchangeCode(page.code()), "the application gets tokens");

        flag = admin.get(flagOf(aliceId)).json();
        assertEquals("RESOLVED", flag.get("state").asText());
        assertEquals("required-action", flag.get("resolution").asText());
        assertTrue(flag.has("resolvedAt"));

        // the next login goes straight through with the new password
        Browser.Page again = new Browser(admin.baseUrl()).login(realm, "alice", "alice-New-Passw0rd");
        assertTrue(again.isApplication(), "expected the application, got: " + again.title());
    }

    @Test
    void userWithoutAFlagLogsInUntouched() {
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "bob", "bob-Passw0rd");
        assertTrue(page.isApplication(), "expected the application, got: " + page.title());
        assertEquals(404, admin.get(flagOf(admin.userId(realm, "bob"))).status());
    }

    @Test
    void passwordSetByAnAdminResolvesTheFlag() {
        String carolId = admin.userId(realm, "carol");
        assertEquals(201, admin.post(signals(), Map.of("source", "soc", "reason", "phishing",
                "subjects", List.of(Map.of("userId", carolId)))).status());
        assertEquals("ACTIVE", admin.get(flagOf(carolId)).json().get("state").asText());

        AdminApi.Reply reset = admin.put("/admin/realms/" + realm + "/users/" + carolId + "/reset-password",
                Map.of("type", "password", "value", "carol-New-Passw0rd", "temporary", false));
        assertEquals(204, reset.status(), reset.toString());

        JsonNode flag = admin.get(flagOf(carolId)).json();
        assertEquals("RESOLVED", flag.get("state").asText());
        assertEquals("admin-password-reset", flag.get("resolution").asText());

        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "carol", "carol-New-Passw0rd");
        assertTrue(page.isApplication(), "expected the application, got: " + page.title());
    }

    /** Backslashes (a Windows path, COPY's own escapes) and quotes: kept as they came by a bulk write. */
    private static final String EVIDENCE = "SIEM rule 42: infostealer log at C:\\Users\\dave\\N, \\t \\\\ 'null' \"\\.\"";

    @Test
    void subjectsByUsernameEmailAndIdAreFoldedAndUnmatchedOnesListed() {
        String daveId = admin.userId(realm, "dave");
        AdminApi.Reply reply = admin.post(signals(), Map.of(
                "source", "siem",
                "reason", "malware",
                "userMessage", "An infostealer on a shared computer captured your password.",
                "evidence", EVIDENCE,
                "subjects", List.of(
                        Map.of("username", "dave"),
                        Map.of("email", "dave@example.com"),
                        Map.of("userId", daveId),
                        Map.of("username", "DAVE"),
                        Map.of("email", "nobody@example.com"))));
        assertEquals(201, reply.status(), reply.toString());
        JsonNode summary = reply.json();
        assertEquals(5, summary.get("received").asInt());
        assertEquals(1, summary.get("matched").asInt());
        assertEquals(1, summary.get("newlyFlagged").asInt());
        assertEquals(1, summary.get("unmatched").asInt());
        assertEquals("nobody@example.com", summary.get("unmatchedSubjects").get(0).get("email").asText());

        // a second signal for a flagged user adds evidence, not a second flag
        JsonNode second = admin.post(signals(), Map.of("source", "siem", "reason", "malware",
                "subjects", List.of(Map.of("username", "dave")))).json();
        assertEquals(0, second.get("newlyFlagged").asInt());
        assertEquals(1, second.get("alreadyFlagged").asInt());

        JsonNode flag = admin.get(flagOf(daveId)).json();
        assertEquals(summary.get("batchId").asText(), flag.get("batchId").asText());
        assertEquals("An infostealer on a shared computer captured your password.", flag.get("userMessage").asText());
        assertEquals(EVIDENCE, flag.get("evidence").asText());

        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "dave", "dave-Passw0rd");
        assertEquals("An infostealer on a shared computer captured your password.", page.text("#cc-reason"));
    }

    @Test
    void dryRunFlagsNobody() {
        JsonNode summary = admin.post(signals(), Map.of("source", "siem", "reason", "phishing", "dryRun", true,
                "subjects", List.of(Map.of("username", "erin")))).json();
        assertEquals("PREVIEW", summary.get("state").asText());
        assertEquals(1, summary.get("newlyFlagged").asInt());
        assertEquals(404, admin.get(flagOf(admin.userId(realm, "erin"))).status());
        assertFalse(new Browser(admin.baseUrl()).login(realm, "erin", "erin-Passw0rd").has("#cc-reset-form"));
    }

    private boolean exchangeCode(String code) {
        AdminApi.Reply tokens = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "authorization_code", "code", code, "client_id", TestRealm.CLIENT_ID,
                "redirect_uri", TestRealm.REDIRECT_URI));
        return tokens.status() == 200 && tokens.json().has("access_token");
    }

    private static String signals() {
        return "/admin/realms/" + realm + "/compromised-credentials/signals";
    }

    private static String flagOf(String userId) {
        return "/admin/realms/" + realm + "/compromised-credentials/users/" + userId + "/flag";
    }
}
