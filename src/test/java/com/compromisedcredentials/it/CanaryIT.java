package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Staged (canary) batches, as an admin and the users live them: a large batch reaches a random slice first and the
 * rest only after a healthy watch window (across a restart of the server); a slice that looks wrong pauses the batch, tells the admins and leaves
 * everyone else untouched; reverting a paused slice corrects only those who were told.
 */
@ExtendWith(KeycloakExtension.class)
class CanaryIT {

    private static final int USERS = 30;
    private static final int SLICE = 6;
    private static Mailbox mailbox;
    private static AdminApi admin;

    @BeforeAll
    static void setUp(AdminApi api) {
        admin = api;
        mailbox = Mailbox.start();
    }

    @AfterAll
    static void tearDown() {
        mailbox.close();
    }

    /** With a restart of the server during the watch: the stage survives it, and nobody is flagged or emailed twice. */
    @Test
    void aLargeBatchReachesARandomSliceFirstAndTheRestAfterAHealthyWatch(KeycloakServer server) {
        String realm = realm(Map.of("canaryWatchMinutes", "1"));

        JsonNode preview = signal(realm, Map.of("dryRun", true), null);
        assertEquals("PREVIEW", preview.get("state").asText());
        assertEquals(SLICE, preview.get("canary").get("slice").asInt(), "the dry run says how it would be staged: " + preview);
        assertEquals(USERS - SLICE, preview.get("canary").get("rest").asInt());

        JsonNode batch = signal(realm, Map.of(), null);
        assertEquals("CANARY", batch.get("state").asText(), batch.toString());
        assertEquals(SLICE, batch.get("newlyFlagged").asInt());
        assertEquals(USERS - SLICE, batch.get("canary").get("rest").asInt());
        assertTrue(batch.get("canary").has("watchUntil"), batch.toString());

        Set<String> slice = flaggedUsernames(realm);
        assertEquals(SLICE, slice.size(), "only the slice is flagged: " + slice);
        assertNotEquals(Set.of("c001", "c002", "c003", "c004", "c005", "c006"), slice, "a random slice, not the feed's first");
        for (String username : slice) {
            mailbox.await(username + "@example.com", told(realm));
        }

        Mailbox.sleep(2_000); // H2 writes its commits to the file a moment later: let them be on disk before the crash
        server.kill();
        server.restart();
        JsonNode afterRestart = admin.get(path(realm, "batches/" + batch.get("batchId").asText())).json();
        assertEquals("CANARY", afterRestart.get("state").asText(), "the stage survives a restart: " + afterRestart);
        assertEquals(USERS - SLICE, afterRestart.get("canary").get("rest").asInt());

        JsonNode applied = awaitState(realm, batch.get("batchId").asText(), "APPLIED", Duration.ofSeconds(150));
        assertEquals(USERS, applied.get("newlyFlagged").asInt(), applied.toString());
        assertEquals(0, applied.get("canary").get("rest").asInt());
        assertEquals("canary-watch", applied.get("decidedBy").asText(), applied.toString());
        assertEquals(USERS, flaggedUsernames(realm).size());
        for (int i = 1; i <= USERS; i++) {
            ResetSteps.await(mailbox, 1, String.format("c%03d@example.com", i), told(realm));
        }
    }

    @Test
    void aSliceWhoseLeakedPasswordsMostlyDifferPausesTellsTheAdminsAndTouchesNobodyElse() {
        String realm = realm(Map.of("leakVerification", "immediate", "canaryWatchMinutes", "60"));

        JsonNode batch = signal(realm, Map.of(), "Leaked-Passw0rd-");       // none is the account's password
        assertEquals("CANARY", batch.get("state").asText(), batch.toString());
        String id = batch.get("batchId").asText();
        JsonNode paused = awaitState(realm, id, "PAUSED", Duration.ofSeconds(90));
        assertTrue(paused.get("canary").get("pauseReason").asText().contains("canaryMaxDiffersPercent"), paused.toString());
        assertEquals(SLICE, paused.get("canary").get("health").get("differs").asInt(), paused.toString());
        Mailbox.Mail notice = mailbox.await("soc-" + realm + "@example.org", "paused");
        assertTrue(notice.text().contains("proved not to be the account"), notice.text());
        assertTrue(notice.text().contains("drop-rest"), notice.text());

        JsonNode dropped = post(realm, "batches/" + id + "/drop-rest");
        assertEquals("APPLIED", dropped.get("state").asText(), dropped.toString());
        assertEquals(USERS - SLICE, dropped.get("canary").get("restDropped").asInt(), dropped.toString());
        assertEquals(0, flaggedUsernames(realm).size(), "nobody flagged: the slice dismissed, the rest never applied");
        assertEquals(0, admin.get(path(realm, "flags?state=SUSPECTED")).json().size());
        assertEquals(List.of(), mailbox.all().stream().filter(m -> m.to().startsWith("c0") && m.subject().contains(realm)).toList(),
                "no user was told anything");
    }

    @Test
    void revertingAPausedSliceCorrectsOnlyThoseWhoWereTold() {
        String realm = realm(Map.of("canaryWatchMinutes", "60", "canaryMaxDismissedPercent", "10"));
        JsonNode batch = signal(realm, Map.of(), null);
        String id = batch.get("batchId").asText();
        Set<String> slice = flaggedUsernames(realm);
        for (String username : slice) {
            mailbox.await(username + "@example.com", told(realm));
        }

        String first = slice.iterator().next();
        assertEquals(200, admin.delete(ResetSteps.flagPath(admin, realm, first)).status());  // an admin: "that is wrong"
        JsonNode paused = awaitState(realm, id, "PAUSED", Duration.ofSeconds(90));
        assertTrue(paused.get("canary").get("pauseReason").asText().contains("dismissed by admins"), paused.toString());
        mailbox.await("soc-" + realm + "@example.org", "paused");

        AdminApi.Reply reverted = admin.post(path(realm, "batches/" + id + "/revert"), Map.of("notifyUsers", true));
        assertEquals(200, reverted.status(), reverted.toString());
        assertEquals(SLICE - 1, reverted.json().get("revertedFlags").asInt(), reverted.toString());
        assertEquals(SLICE - 1, reverted.json().get("correctionEmails").asInt(), reverted.toString());
        assertEquals("REVERTED", reverted.json().get("batch").get("state").asText());
        assertEquals(USERS - SLICE, reverted.json().get("batch").get("canary").get("restDropped").asInt());
        for (String username : slice) {
            if (!username.equals(first)) {
                mailbox.await(username + "@example.com", "Please ignore our earlier message about your " + realm);
            }
        }
        for (int i = 1; i <= USERS; i++) {
            String username = String.format("c%03d", i);
            if (!slice.contains(username)) {
                assertTrue(mailbox.to(username + "@example.com").stream().noneMatch(m -> m.subject().contains(realm)),
                        username + " was never part of it");
            }
        }
    }

    @Test
    void anApproverChoosesStagesForAHeldBatchOrNot() {
        for (boolean canary : new boolean[] {true, false}) {
            String realm = realm(Map.of("maxFlagsPerHour", "5", "canaryThreshold", "1000", "emailOnFlag", "false"));
            JsonNode held = signal(realm, Map.of(), null);
            assertEquals("HELD", held.get("state").asText(), held.toString());
            AdminApi.Reply approved = admin.post(path(realm, "batches/" + held.get("batchId").asText() + "/approve"),
                    Map.of("canary", canary));
            assertEquals(200, approved.status(), approved.toString());
            assertEquals(canary ? "CANARY" : "APPLIED", approved.json().get("state").asText(), approved.toString());
            assertEquals(canary ? SLICE : USERS, approved.json().get("newlyFlagged").asInt(), approved.toString());
            assertEquals(canary ? SLICE : USERS, flaggedUsernames(realm).size());
        }
        AdminApi.Reply wrong = admin.post(path(realm(Map.of()), "batches/x/approve"), Map.of("canary", "yes"));
        assertEquals(400, wrong.status(), wrong.toString());
    }

    // ---- helpers

    /** A realm of its own with {@link #USERS} accounts c001.., batches of more than 10 staged with a slice of 6. */
    private static String realm(Map<String, String> policy) {
        String realm = TestRealm.named("canary").smtp(mailbox.port()).accounts("c", USERS).create(admin);
        Map<String, String> settings = new HashMap<>(Map.of("canaryThreshold", "10", "canarySize", String.valueOf(SLICE),
                "maxFlagsPerHour", "1000", "maxFlagsPerDayPercent", "100", "emailOnResolve", "false"));
        settings.put("heldBatchNotify", "soc-" + realm + "@example.org");
        settings.putAll(policy);
        admin.setPolicy(realm, settings);
        return realm;
    }

    /** All the realm's accounts in one batch, by username, each with a leaked password {@code <prefix><i>} if given. */
    private static JsonNode signal(String realm, Map<String, Object> extra, String passwordPrefix) {
        List<Map<String, String>> subjects = new ArrayList<>();
        for (int i = 1; i <= USERS; i++) {
            subjects.add(passwordPrefix == null ? Map.of("username", String.format("c%03d", i))
                    : Map.of("username", String.format("c%03d", i), "password", passwordPrefix + i));
        }
        Map<String, Object> body = new HashMap<>(Map.of("source", "feed", "reason", "credential-leak", "subjects", subjects));
        body.putAll(extra);
        AdminApi.Reply reply = admin.post(path(realm, "signals"), body);
        assertTrue(reply.status() / 100 == 2, reply.toString());
        return reply.json();
    }

    private static Set<String> flaggedUsernames(String realm) {
        return admin.get(path(realm, "flags?state=ACTIVE&max=1000")).json().findValuesAsText("username").stream()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode awaitState(String realm, String batchId, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode batch = admin.get(path(realm, "batches/" + batchId)).json();
        while (!state.equals(batch.get("state").asText()) && System.nanoTime() < deadline) {
            Mailbox.sleep(500);
            batch = admin.get(path(realm, "batches/" + batchId)).json();
        }
        assertEquals(state, batch.get("state").asText(), batch.toString());
        return batch;
    }

    private static JsonNode post(String realm, String rest) {
        AdminApi.Reply reply = admin.post(path(realm, rest), Map.of());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    /** The flag email's subject in this realm (each test's realm has its own c001..; the mailbox is shared). */
    private static String told(String realm) {
        return "choose a new password for your " + realm + " account";
    }

    private static String path(String realm, String rest) {
        return "/admin/realms/" + realm + "/compromised-credentials/" + rest;
    }
}
