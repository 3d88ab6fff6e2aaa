package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The blast-radius guard, held batches, approval, rejection, revert, idempotency, exclusions and session
 * revocation, on a real Keycloak. Each test has a realm of its own, so that the limits' counts are its own.
 */
@ExtendWith(KeycloakExtension.class)
class BatchGuardIT {

    private final AdminApi admin;

    BatchGuardIT(AdminApi admin) {
        this.admin = admin;
    }

    @Test
    void batchOverTheHourlyLimitIsHeldWholeUntilApproved() {
        String realm = realm(Map.of("maxFlagsPerHour", "5"));
        JsonNode held = submit(realm, "u01", "u02", "u03", "u04", "u05", "u06").json();
        assertEquals("HELD", held.get("state").asText());
        assertEquals(6, held.get("newlyFlagged").asInt(), "the summary says what approval would do");
        assertTrue(held.get("holdReason").asText().contains("the limit is 5 per hour"), held.toString());

        // nobody is flagged: the first user logs in untouched
        assertEquals(404, admin.get(flagOf(realm, "u01")).status());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "u01", "u01-Passw0rd").isApplication());

        JsonNode heldList = admin.get(base(realm) + "/batches?state=HELD").json();
        assertEquals(1, heldList.size());
        assertEquals(held.get("batchId").asText(), heldList.get(0).get("batchId").asText());

        AdminApi.Reply approved = admin.post(base(realm) + "/batches/" + held.get("batchId").asText() + "/approve", null);
        assertEquals(200, approved.status(), approved.toString());
        assertEquals("APPLIED", approved.json().get("state").asText());
        assertEquals(6, approved.json().get("newlyFlagged").asInt());
        assertEquals(KeycloakServer.ADMIN_USER, approved.json().get("decidedBy").asText());
        assertEquals("ACTIVE", admin.get(flagOf(realm, "u06")).json().get("state").asText());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "u01", "u01-Passw0rd").has("#cc-explanation"));

        AdminApi.Reply again = admin.post(base(realm) + "/batches/" + held.get("batchId").asText() + "/approve", null);
        assertEquals(409, again.status());
        assertEquals("batch_not_held", again.json().get("error").asText());
    }

    @Test
    void approversSeeWhatUsersWillReadAndTextWithALinkIsRefused() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        AdminApi.Reply reply = admin.post(signals(realm), Map.of("source", "feed", "reason", "phishing",
                "userMessage", "A phishing kit captured your password.", "evidence", "kit seen on 2 Nov, ticket SEC-1",
                "subjects", List.of(Map.of("username", "u01"), Map.of("username", "u02"))));
        assertEquals("HELD", reply.json().get("state").asText(), reply.toString());
        assertEquals("A phishing kit captured your password.", reply.json().get("userMessage").asText());
        String batchId = reply.json().get("batchId").asText();
        for (JsonNode summary : List.of(admin.get(base(realm) + "/batches/" + batchId).json(),
                admin.get(base(realm) + "/batches?state=HELD").json().get(0))) {
            assertEquals("A phishing kit captured your password.", summary.get("userMessage").asText(), summary.toString());
            assertEquals("kit seen on 2 Nov, ticket SEC-1", summary.get("evidence").asText(), summary.toString());
        }

        AdminApi.Reply link = admin.post(signals(realm), Map.of("source", "feed", "reason", "phishing",
                "userMessage", "Reset your password at https://evil.example/reset", "subjects", List.of(Map.of("username", "u03"))));
        assertEquals(400, link.status(), link.toString());
        assertEquals("invalid_request", link.json().get("error").asText());
        assertTrue(link.json().get("error_description").asText().contains("'userMessage'"), link.toString());
        AdminApi.Reply lines = admin.put(flagOf(realm, "u03"), Map.of("userMessage", "Your password leaked.\nCall us now."));
        assertEquals(400, lines.status(), lines.toString());
        assertEquals("invalid_request", lines.json().get("error").asText());
        assertEquals(404, admin.get(flagOf(realm, "u03")).status(), "nobody was flagged");
    }

    @Test
    void theHourlyLimitCountsEarlierBatches() {
        String realm = realm(Map.of("maxFlagsPerHour", "5"));
        assertEquals("APPLIED", submit(realm, "u01", "u02", "u03", "u04", "u05").json().get("state").asText());
        JsonNode next = submit(realm, "u06").json();
        assertEquals("HELD", next.get("state").asText());
        assertEquals(404, admin.get(flagOf(realm, "u06")).status());
        // a user already flagged is not a new flag: it passes
        assertEquals("APPLIED", submit(realm, "u01").json().get("state").asText());
    }

    @Test
    void theDailyLimitIsAShareOfUsersButNeverBelowTen() {
        String realm = realm(Map.of("maxFlagsPerHour", "1000", "maxFlagsPerDayPercent", "1"));
        JsonNode held = submit(realm, "u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08", "u09", "u10", "u11").json();
        assertEquals("HELD", held.get("state").asText());
        assertTrue(held.get("holdReason").asText().contains("last 24 hours; the limit is 10"), held.toString());
        assertEquals("APPLIED", submit(realm, "u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08", "u09", "u10")
                .json().get("state").asText());
    }

    @Test
    void rejectedBatchFlagsNobody() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        String batchId = submit(realm, "u01", "u02").json().get("batchId").asText();
        AdminApi.Reply rejected = admin.post(base(realm) + "/batches/" + batchId + "/reject", null);
        assertEquals(200, rejected.status(), rejected.toString());
        assertEquals("REJECTED", rejected.json().get("state").asText());
        assertEquals(404, admin.get(flagOf(realm, "u01")).status());
        assertEquals(409, admin.post(base(realm) + "/batches/" + batchId + "/reject", null).status());
        assertEquals(409, admin.post(base(realm) + "/batches/" + batchId + "/approve", null).status());
        assertEquals(404, admin.post(base(realm) + "/batches/no-such-batch/approve", null).status());
    }

    @Test
    void aServiceAccountMaySubmitButNeverApproveOrRejectAHeldBatch() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        String feed = admin.clientCredentialsGrant(realm, "feed-client", "feed-client-secret");
        AdminApi.Reply submitted = admin.call("POST", signals(realm),
                "{\"source\":\"feed\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"u01\"},{\"username\":\"u02\"}]}", feed);
        assertEquals(201, submitted.status(), submitted.toString());
        String batchId = submitted.json().get("batchId").asText();
        assertEquals("HELD", submitted.json().get("state").asText());

        for (String decision : List.of("approve", "reject")) {
            AdminApi.Reply refused = admin.call("POST", base(realm) + "/batches/" + batchId + "/" + decision, null, feed);
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("approver_not_human", refused.json().get("error").asText());
        }
        assertEquals("HELD", admin.get(base(realm) + "/batches/" + batchId).json().get("state").asText(), "still waiting for a person");
        assertEquals(404, admin.get(flagOf(realm, "u01")).status());

        AdminApi.Reply approved = admin.post(base(realm) + "/batches/" + batchId + "/approve", null);
        assertEquals(200, approved.status(), approved.toString());
        assertEquals(KeycloakServer.ADMIN_USER, approved.json().get("decidedBy").asText());
    }

    @Test
    void fourEyesPolicyNeedsAnotherApprover() {
        String realm = realm(Map.of("maxFlagsPerHour", "1", "approverMustDiffer", "true"));
        String batchId = submit(realm, "u01", "u02").json().get("batchId").asText();
        AdminApi.Reply self = admin.post(base(realm) + "/batches/" + batchId + "/approve", null);
        assertEquals(409, self.status(), self.toString());
        assertEquals("approver_is_submitter", self.json().get("error").asText());

        String other = admin.passwordGrant(realm, "approver", "approver-Passw0rd");
        AdminApi.Reply approved = admin.call("POST", base(realm) + "/batches/" + batchId + "/approve", null, other);
        assertEquals(200, approved.status(), approved.toString());
        assertEquals("approver", approved.json().get("decidedBy").asText());
    }

    @Test
    void revertUndoesStillActiveFlagsOnly() {
        String realm = realm(Map.of());
        String batchId = submit(realm, "u01", "u02", "u03").json().get("batchId").asText();

        // u01 resets (by an admin): RESOLVED stays RESOLVED
        admin.put("/admin/realms/" + realm + "/users/" + admin.userId(realm, "u01") + "/reset-password",
                Map.of("type", "password", "value", "u01-New-Passw0rd", "temporary", false));
        // u02 has started a login: the reset is asked (on that login; the account keeps no required action of ours)
        assertTrue(new Browser(admin.baseUrl()).login(realm, "u02", "u02-Passw0rd").has("#cc-explanation"));

        AdminApi.Reply reverted = admin.post(base(realm) + "/batches/" + batchId + "/revert", Map.of("notifyUsers", false));
        assertEquals(200, reverted.status(), reverted.toString());
        assertEquals(2, reverted.json().get("revertedFlags").asInt());
        assertEquals("REVERTED", reverted.json().get("batch").get("state").asText());

        assertEquals("RESOLVED", admin.get(flagOf(realm, "u01")).json().get("state").asText());
        JsonNode u02 = admin.get(flagOf(realm, "u02")).json();
        assertEquals("REVERTED", u02.get("state").asText());
        assertEquals(KeycloakServer.ADMIN_USER, u02.get("revertedBy").asText());
        assertFalse(requiredActions(realm, "u02").contains("COMPROMISED_PASSWORD_RESET"));
        assertTrue(new Browser(admin.baseUrl()).login(realm, "u02", "u02-Passw0rd").isApplication());

        AdminApi.Reply again = admin.post(base(realm) + "/batches/" + batchId + "/revert", null);
        assertEquals(409, again.status());
        assertEquals("batch_not_revertible", again.json().get("error").asText());
        assertEquals(400, admin.post(base(realm) + "/batches/" + batchId + "/revert", Map.of("notify", true)).status());
    }

    @Test
    void sameIdempotencyKeyReturnsTheFirstBatchAndChangesNothing() {
        String realm = realm(Map.of());
        AdminApi.Reply first = admin.post(signals(realm), Map.of("source", "feed", "reason", "phishing",
                "idempotencyKey", "feed-2026-11-26", "subjects", List.of(Map.of("username", "u01"))));
        assertEquals(201, first.status());
        AdminApi.Reply second = admin.post(signals(realm), Map.of("source", "feed", "reason", "phishing",
                "idempotencyKey", "feed-2026-11-26", "subjects", List.of(Map.of("username", "u02"))));
        assertEquals(200, second.status());
        assertEquals(first.json().get("batchId").asText(), second.json().get("batchId").asText());
        assertEquals(404, admin.get(flagOf(realm, "u02")).status());
        assertEquals(1, admin.get(base(realm) + "/batches").json().size());
    }

    @Test
    void twoBatchesAtOnceCannotPassTheLimitTogether() throws Exception {
        String realm = realm(Map.of("maxFlagsPerHour", "5"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<AdminApi.Reply>> calls = List.of(
                    () -> submit(realm, "u01", "u02", "u03"),
                    () -> submit(realm, "u04", "u05", "u06"));
            List<String> states = new ArrayList<>();
            for (Future<AdminApi.Reply> f : pool.invokeAll(calls)) {
                states.add(f.get().json().get("state").asText());
            }
            states.sort(String::compareTo);
            assertEquals(List.of("APPLIED", "HELD"), states);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, admin.get(base(realm) + "/flags?state=ACTIVE").json().size());
    }

    @Test
    void serviceAccountsAndExcludedGroupMembersAreNeverFlagged() {
        String realm = realm(Map.of("excludedGroup", "/break-glass"));
        String serviceAccount = "service-account-feed-client";
        JsonNode summary = admin.post(signals(realm), Map.of("source", "feed", "reason", "malware", "subjects", List.of(
                Map.of("username", serviceAccount), Map.of("username", "glass"), Map.of("username", "u01")))).json();
        assertEquals(2, summary.get("excluded").asInt(), summary.toString());
        assertEquals(1, summary.get("newlyFlagged").asInt());
        assertEquals(404, admin.get(flagOf(realm, "glass")).status());

        AdminApi.Reply byHand = admin.put(flagOf(realm, "glass"), Map.of());
        assertEquals(409, byHand.status(), byHand.toString());
        assertEquals("user_excluded", byHand.json().get("error").asText());
    }

    @Test
    void flaggingRevokesSessionsAndRefreshTokens() {
        String realm = realm(Map.of());
        AdminApi.Reply tokens = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", "u01", "password", "u01-Passw0rd"));
        assertEquals(200, tokens.status(), tokens.toString());
        String refreshToken = tokens.json().get("refresh_token").asText();
        String u01 = admin.userId(realm, "u01");
        assertEquals(1, admin.get("/admin/realms/" + realm + "/users/" + u01 + "/sessions").json().size());

        submit(realm, "u01");

        AdminApi.Reply refreshed = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", TestRealm.CLIENT_ID, "refresh_token", refreshToken));
        assertEquals(400, refreshed.status(), refreshed.toString());
        assertEquals(0, admin.get("/admin/realms/" + realm + "/users/" + u01 + "/sessions").json().size());
    }

    @Test
    void flagByHandAndDismiss() {
        String realm = realm(Map.of());
        String path = flagOf(realm, "u01");
        AdminApi.Reply created = admin.put(path, Map.of("userMessage", "Our security team saw your password in a paste."));
        assertEquals(201, created.status(), created.toString());
        assertEquals("admin", created.json().get("reason").asText());
        assertEquals("admin", created.json().get("source").asText());
        assertEquals(200, admin.put(path, Map.of("reason", "phishing")).status());
        assertEquals(400, admin.put(path, Map.of("reason", "hacked")).status());

        AdminApi.Reply dismissed = admin.delete(path);
        assertEquals(200, dismissed.status(), dismissed.toString());
        assertEquals("DISMISSED", dismissed.json().get("state").asText());
        assertEquals(KeycloakServer.ADMIN_USER, dismissed.json().get("dismissedBy").asText());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "u01", "u01-Passw0rd").isApplication());
        AdminApi.Reply none = admin.delete(path);
        assertEquals(404, none.status());
        assertEquals("no_active_flag", none.json().get("error").asText());
    }

    @Test
    void listsStatsPolicyAndAdminEvents() {
        String realm = realm(Map.of("maxFlagsPerHour", "3"));
        submit(realm, "u01", "u02");
        admin.post(signals(realm), Map.of("source", "siem", "reason", "phishing", "subjects", List.of(Map.of("username", "u03"))));
        admin.delete(flagOf(realm, "u02"));
        submit(realm, "u04", "u05");  // held: 2 + 1 + 2 > 3

        JsonNode page = admin.get(base(realm) + "/flags?first=0&max=2").json();
        assertEquals(2, page.size());
        assertEquals("u03", page.get(0).get("username").asText(), "newest first");
        assertEquals(1, admin.get(base(realm) + "/flags?state=dismissed").json().size());
        assertEquals(400, admin.get(base(realm) + "/flags?state=bogus").status());
        assertEquals(400, admin.get(base(realm) + "/flags?max=5000").status());
        assertEquals(400, admin.get(base(realm) + "/flags?first=x").status());

        JsonNode stats = admin.get(base(realm) + "/stats").json();
        assertEquals(2, stats.get("flags").get("ACTIVE").asInt());
        assertEquals(1, stats.get("flags").get("DISMISSED").asInt());
        assertEquals(1, stats.get("flagsBySource").get("siem").get("ACTIVE").asInt());
        assertEquals(1, stats.get("flagsBySource").get("feed").get("ACTIVE").asInt());
        assertEquals(2, stats.get("batches").get("APPLIED").asInt());
        assertEquals(1, stats.get("batches").get("HELD").asInt());

        JsonNode policy = admin.get(base(realm) + "/policy").json();
        assertEquals(3, policy.get("maxFlagsPerHour").asInt());
        assertEquals(1, policy.get("maxFlagsPerDayPercent").asInt(), "defaults are filled in");
        assertEquals("step-up-reset", policy.get("enforcementMode").asText());

        JsonNode events = admin.get("/admin/realms/" + realm + "/admin-events?resourceTypes=CUSTOM").json();
        List<String> paths = StreamSupport.stream(events.spliterator(), false).map(e -> e.get("resourcePath").asText()).toList();
        assertEquals(3, paths.stream().filter(p -> p.startsWith("compromised-credentials/batches/")).count(), paths.toString());
        assertTrue(paths.stream().anyMatch(p -> p.endsWith("/flag")), paths.toString());
    }

    @Test
    void invalidPolicyValuesAreRefusedByTheAdminApi() {
        String realm = realm(Map.of());
        AdminApi.Reply reply = admin.put("/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET/config",
                Map.of("config", Map.of("maxFlagsPerHour", "lots")));
        assertEquals(400, reply.status(), reply.toString());
        assertEquals(100, admin.get(base(realm) + "/policy").json().get("maxFlagsPerHour").asInt());
    }

    // ---- helpers

    private String realm(Map<String, String> policy) {
        String realm = TestRealm.named("guard").users("u", 30)
                .user("glass", "glass-Passw0rd")
                .user("approver", "approver-Passw0rd", "manage-users", "view-users")
                .group("break-glass", "glass")
                .serviceAccountClient("feed-client", "manage-users", "view-users")
                .adminEvents()
                .create(admin);
        if (!policy.isEmpty()) {
            admin.setPolicy(realm, policy);
        }
        return realm;
    }

    private AdminApi.Reply submit(String realm, String... usernames) {
        AdminApi.Reply reply = admin.post(signals(realm), Map.of("source", "feed", "reason", "credential-leak",
                "subjects", Arrays.stream(usernames).map(u -> Map.of("username", u)).toList()));
        assertEquals(201, reply.status(), reply.toString());
        return reply;
    }

    private List<String> requiredActions(String realm, String username) {
        JsonNode user = admin.get("/admin/realms/" + realm + "/users/" + admin.userId(realm, username)).json();
        return StreamSupport.stream(user.get("requiredActions").spliterator(), false).map(JsonNode::asText).toList();
    }

    private String flagOf(String realm, String username) {
        return base(realm) + "/users/" + admin.userId(realm, username) + "/flag";
    }

    private static String signals(String realm) {
        return base(realm) + "/signals";
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }
}
