package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Keycloak nodes on 127.0.0.1 sharing one PostgreSQL database: flags are enforced on every node at
 * once, the email outbox is dispatched once cluster-wide, a node killed in the middle of a batch leaves
 * each batch wholly applied or wholly absent, and one killed in the middle of an email burst loses none of it. Runs in the PostgreSQL pass only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static List<KeycloakServer> nodes;
    private static AdminApi a;
    private static AdminApi b;

    @BeforeAll
    static void startCluster() {
        nodes = KeycloakServer.startCluster(2);
        a = AdminApi.connect(nodes.get(0));
        b = AdminApi.connect(nodes.get(1));
    }

    @AfterAll
    static void stopCluster() {
        if (nodes != null) {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    @Test
    @Order(1)
    void aFlagMadeThroughOneNodeIsEnforcedOnTheOtherAtOnce() {
        String realm = TestRealm.named("cluster").user("alice", "alice-Passw0rd").user("bob", "bob-Passw0rd").create(a);
        a.setPolicy(realm, Map.of("enforcementMode", "reset"));
        assertTrue(new Browser(b.baseUrl()).login(realm, "alice", "alice-Passw0rd").isApplication(), "node B knows the realm");

        assertEquals(201, a.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "phishing", "subjects", List.of(Map.of("username", "alice")))).status());
        assertTrue(new Browser(b.baseUrl()).login(realm, "alice", "alice-Passw0rd").has("#cc-reset-form"), "enforced on node B");

        assertEquals(200, b.delete("/admin/realms/" + realm + "/compromised-credentials/users/" + b.userId(realm, "alice") + "/flag").status());
        Browser.Page onA = new Browser(a.baseUrl()).login(realm, "alice", "alice-Passw0rd");
        assertTrue(onA.isApplication(), "dismissed on B, seen on A: " + onA.title() + " " + (onA.document() == null ? "" : onA.document().body().text()));
    }

    @Test
    @Order(2)
    void eachEmailIsSentOnceAcrossTheCluster() {
        try (Mailbox mailbox = Mailbox.start()) {
            String realm = TestRealm.named("cluster-mail").smtp(mailbox.port()).users("m", 31).create(a);
            a.setPolicy(realm, Map.of("maxFlagsPerDayPercent", "100"));
            List<Map<String, String>> subjects = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                subjects.add(Map.of("username", String.format("m%02d", i)));
            }
            assertEquals("APPLIED", b.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                    "source", "feed", "reason", "credential-leak", "subjects", subjects)).json().get("state").asText());
            for (int i = 1; i <= 30; i++) {
                mailbox.await(String.format("m%02d@example.com", i), "choose a new password");
            }
            // the marker: m31's email, queued now, goes out in a later run of the dispatcher (one node at a time), after
            // any run that could have sent one of the thirty twice
            assertEquals("APPLIED", a.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                    "source", "feed", "reason", "credential-leak", "subjects", List.of(Map.of("username", "m31")))).json().get("state").asText());
            mailbox.await("m31@example.com", "choose a new password");
            Map<String, Integer> perUser = new HashMap<>();
            mailbox.all().forEach(m -> perUser.merge(m.to(), 1, Integer::sum));
            assertEquals(31, perUser.size());
            assertTrue(perUser.values().stream().allMatch(n -> n == 1), "each exactly once: " + perUser);
        }
    }

    /** Last: it kills and restarts every node. */
    @Test
    @Order(4)
    void emailsWaitingWhenTheClusterStopsGoOutAfterTheRestart() {
        Mailbox smtp = Mailbox.down();
        try {
            String realm = TestRealm.named("cluster-restart").smtp(smtp.port()).users("r", 4).create(a);
            assertEquals("APPLIED", a.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                    "reason", "phishing", "subjects", List.of(Map.of("username", "r01"), Map.of("username", "r02"),
                            Map.of("username", "r03")))).json().get("state").asText());
            Mailbox.sleep(3_000); // SMTP is down: every attempt fails meanwhile
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).kill();
            }
            smtp.up();
            nodes.forEach(KeycloakServer::restart);
            for (String user : List.of("r01", "r02", "r03")) {
                // a message a node was sending when it was killed is rolled back with its transaction and sent again
                smtp.await(user + "@example.com", "choose a new password", java.time.Duration.ofSeconds(120));
            }
            // the marker: r04's email, queued after the three went out, is sent by a later run than any that sent them
            assertEquals("APPLIED", a.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                    "reason", "phishing", "subjects", List.of(Map.of("username", "r04")))).json().get("state").asText());
            smtp.await("r04@example.com", "choose a new password", java.time.Duration.ofSeconds(60));
            assertEquals(4, smtp.all().size(), "each once: " + smtp.all());
        } finally {
            smtp.close();
        }
    }

    @Test
    @Order(3)
    void aNodeKilledDuringBatchesLeavesEachWhollyAppliedOrAbsent() throws Exception {
        String realm = TestRealm.named("cluster-kill").create(a);
        a.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100", "emailOnFlag", "false",
                "canaryThreshold", "10000000"));
        String realmId = a.get("/admin/realms/" + realm).json().get("id").asText();
        int perBatch = 10_000;
        int batches = 5;
        UserRows.insert(nodes.get(0), realmId, "k", perBatch * batches);

        KeycloakServer victim = nodes.get(1);
        java.util.concurrent.atomic.AtomicBoolean cutOff = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Integer> submitted = CompletableFuture.supplyAsync(() -> {
            int ok = 0;
            for (int batch = 0; batch < batches; batch++) {
                List<Map<String, String>> subjects = new ArrayList<>();
                for (int i = batch * perBatch; i < (batch + 1) * perBatch; i++) {
                    subjects.add(Map.of("email", "k" + i + "@example.org"));
                }
                try {
                    AdminApi.Reply reply = b.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                            Map.of("source", "feed", "reason", "credential-leak", "subjects", subjects));
                    if (reply.status() == 201) {
                        ok++;
                    }
                } catch (AssertionError connectionLost) {
                    cutOff.set(true); // this request was under way when node B died
                    break;
                }
            }
            return ok;
        });
        // kill node B while its second or third batch is being applied
        long deadline = System.currentTimeMillis() + 120_000;
        while (a.get("/admin/realms/" + realm + "/compromised-credentials/batches").json().size() < 2
                && System.currentTimeMillis() < deadline) {
            Mailbox.sleep(100);
        }
        Mailbox.sleep(400);
        victim.kill();
        int answered = submitted.get();
        // the kill landed while batches were still being applied: a request was cut off, and not every batch was answered
        assertTrue(cutOff.get(), "no request was under way when node B was killed (" + answered + " of " + batches + " answered)");
        assertTrue(answered < batches, "every batch was answered before the kill: " + answered);

        assertBatchesWhole(realm, answered);
        victim.restart();
        assertBatchesWhole(realm, answered);
        assertTrue(new Browser(b.baseUrl()).openLogin(realm).has("#kc-form-login"), "node B is back");
    }

    /**
     * The node sending a burst is killed in the middle of it: the other node sends the rest and none is lost. An email
     * is claimed, sent and recorded in one transaction, so the killed node's unfinished ones are rolled back and sent
     * again by the other; the only ones that can arrive twice are those its senders had handed to SMTP and not yet
     * recorded: at most one per sender (4).
     */
    @Test
    @Order(5)
    void aBurstOutlivesTheSendingNodeKilledMidway() throws Exception {
        KeycloakServer sending = nodes.get(0);
        KeycloakServer other = nodes.get(1);
        other.close(); // node A alone sends the burst
        try (Mailbox mailbox = Mailbox.start()) {
            String realm = TestRealm.named("cluster-burst").smtp(mailbox.port()).create(a);
            a.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100", "emailsPerMinute", "100000",
                    "canaryThreshold", "10000000"));
            String realmId = a.get("/admin/realms/" + realm).json().get("id").asText();
            int count = 600;
            UserRows.insert(sending, realmId, "burst", count);
            List<Map<String, String>> subjects = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                subjects.add(Map.of("email", UserRows.email("burst", i)));
            }
            assertEquals("APPLIED", a.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                    "reason", "credential-leak", "subjects", subjects)).json().get("state").asText());
            long deadline = System.currentTimeMillis() + 120_000;
            while (mailbox.count() < count / 10 && System.currentTimeMillis() < deadline) {
                Mailbox.sleep(20);
            }
            sending.kill();
            int beforeKill = mailbox.count();
            assertTrue(beforeKill >= count / 10 && beforeKill < count, "killed mid-burst: " + beforeKill + " of " + count + " had arrived");

            other.restart();
            deadline = System.currentTimeMillis() + 180_000;
            Map<String, Integer> perRecipient = perRecipient(mailbox);
            while (perRecipient.size() < count && System.currentTimeMillis() < deadline) {
                Mailbox.sleep(200);
                perRecipient = perRecipient(mailbox);
            }
            assertEquals(count, perRecipient.size(), "every email arrived after node A was killed with " + beforeKill + " sent");
            Mailbox.sleep(3_000); // anything still to come would come now
            Map<String, Integer> twice = perRecipient(mailbox);
            twice.values().removeIf(n -> n == 1);
            System.out.printf("[cluster-burst] node A killed with %d of %d emails arrived; after node B sent the rest: %d sent twice%n",
                    beforeKill, count, twice.size());
            assertTrue(twice.size() <= 4 && twice.values().stream().allMatch(n -> n == 2),
                    "only emails in flight at the kill went out twice, at most one per sender: " + twice);
        } finally {
            sending.restart(); // the cluster whole again for whatever runs after
        }
    }

    /** How many emails each address received. */
    private static Map<String, Integer> perRecipient(Mailbox mailbox) {
        Map<String, Integer> counts = new HashMap<>();
        mailbox.recipients().forEach(to -> counts.merge(to.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum));
        return counts;
    }

    /** Every stored batch is APPLIED with all its flags; no flag without its batch; nothing half-visible. */
    private static void assertBatchesWhole(String realm, int answeredCreated) {
        JsonNode list = a.get("/admin/realms/" + realm + "/compromised-credentials/batches?max=100").json();
        assertTrue(list.size() >= answeredCreated, "every answered batch is stored: " + list.size() + " < " + answeredCreated);
        int expectedFlags = 0;
        for (JsonNode batch : list) {
            assertEquals("APPLIED", batch.get("state").asText(), batch.toString());
            assertEquals(10_000, batch.get("newlyFlagged").asInt(), batch.toString());
            expectedFlags += batch.get("newlyFlagged").asInt();
        }
        JsonNode stats = a.get("/admin/realms/" + realm + "/compromised-credentials/stats").json();
        assertEquals(expectedFlags, stats.get("flags").get("ACTIVE").asInt(), "flags of stored batches only: " + stats);
    }
}
