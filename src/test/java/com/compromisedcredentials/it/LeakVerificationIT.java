package com.compromisedcredentials.it;

import static com.compromisedcredentials.it.ResetSteps.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verify before forcing: a signal that carries the leaked password flags nobody at once. At the next password login
 * the owner whose current password is the leaked one is walked through the takeover-safe reset; the owner whose
 * password differs is never emailed nor stopped, and the suspicion ends DISMISSED / password-differs. Neither the
 * plaintext nor its plain SHA-1 is left in the database, the server log or the admin events.
 */
@ExtendWith(KeycloakExtension.class)
class LeakVerificationIT {

    private static AdminApi admin;
    private static KeycloakServer server;
    private static Mailbox mailbox;

    @BeforeAll
    static void setUp(AdminApi api, KeycloakServer keycloak) {
        admin = api;
        server = keycloak;
        mailbox = Mailbox.start();
    }

    @AfterAll
    static void tearDown() {
        mailbox.close();
    }

    @Test
    void onlyTheAccountWhoseCurrentPasswordLeakedIsResetAndNothingOfTheLeakIsKept() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alicePassword = "Leaked-Alice-" + run;            // alice still uses the leaked password
        String bobLeaked = "Old-Bob-" + run;                     // bob changed his long ago
        String carolLeaked = "Leaked-Carol-" + run;              // sent as plaintext, carol's password is another
        String marker = "evidence-marker-" + run;
        String realm = realm(Map.of("alice", alicePassword, "bob", "bob-Current-" + run, "carol", "carol-Current-" + run));

        AdminApi.Reply submitted = admin.post(signals(realm), Map.of("source", "combolist", "reason", "credential-leak",
                "evidence", marker,
                "subjects", List.of(
                        Map.of("username", "alice", "password", alicePassword),
                        Map.of("email", "bob@example.com", "passwordSha1", sha1(bobLeaked).toLowerCase()),
                        Map.of("username", "carol", "password", carolLeaked))));
        assertEquals(201, submitted.status(), submitted.toString());
        JsonNode summary = submitted.json();
        assertEquals("APPLIED", summary.get("state").asText());
        assertEquals(3, summary.get("matched").asInt());
        assertEquals(0, summary.get("newlyFlagged").asInt(), "nobody is flagged before the leak is verified");
        assertEquals(3, summary.get("suspected").asInt());
        assertEquals(3, summary.get("withPassword").asInt());
        assertEquals(0, summary.get("confirmed").asInt());
        assertEquals(0, summary.get("dismissed").asInt());
        String batchId = summary.get("batchId").asText();

        for (String user : List.of("alice", "bob", "carol")) {
            JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, user)).json();
            assertEquals("SUSPECTED", flag.get("state").asText(), user + ": " + flag);
        }

        // bob: his password is not the leaked one. He signs in as always, and the suspicion ends unseen
        Browser.Page bobPage = new Browser(admin.baseUrl()).login(realm, "bob", "bob-Current-" + run);
        assertTrue(bobPage.isApplication(), () -> "bob goes straight on: " + bobPage.title() + " " + bobPage.document().body().text());
        JsonNode bobFlag = admin.get(ResetSteps.flagPath(admin, realm, "bob")).json();
        assertEquals("DISMISSED", bobFlag.get("state").asText(), bobFlag.toString());
        assertEquals("password-differs", bobFlag.get("resolution").asText(), bobFlag.toString());

        // a password grant is checked too: carol's differs
        assertFalse(admin.passwordGrant(realm, "carol", "carol-Current-" + run).isEmpty(), "carol gets her token");
        JsonNode carolFlag = admin.get(ResetSteps.flagPath(admin, realm, "carol")).json();
        assertEquals("DISMISSED", carolFlag.get("state").asText(), carolFlag.toString());
        assertEquals("password-differs", carolFlag.get("resolution").asText(), carolFlag.toString());

        // alice: the leaked password is her current one. This very login becomes the takeover-safe reset
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", alicePassword);
        assertTrue(page.has("#cc-step-up-form"), "expected the step-up, got: " + page.title() + " " + page.document().body().text());
        assertEquals("ACTIVE", admin.get(ResetSteps.flagPath(admin, realm, "alice")).json().get("state").asText());
        String stepUpCode = code(mailbox.await("alice@example.com", realm + " confirmation code"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", stepUpCode, "cc-action", "verify"));
        assertTrue(page.has("#cc-reset-form"), page.title() + " " + page.document().body().text());
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "alice-New-" + run, "password-confirm", "alice-New-" + run));
        Browser.Page done = page;
        assertTrue(done.isApplication(), () -> done.title() + " " + done.document().body().text());
        JsonNode aliceFlag = admin.get(ResetSteps.flagPath(admin, realm, "alice")).json();
        assertEquals("RESOLVED", aliceFlag.get("state").asText(), aliceFlag.toString());
        assertEquals("required-action", aliceFlag.get("resolution").asText());

        JsonNode batch = admin.get(base(realm) + "/batches/" + batchId).json();
        assertEquals(0, batch.get("suspected").asInt(), batch.toString());
        assertEquals(1, batch.get("confirmed").asInt(), batch.toString());
        assertEquals(2, batch.get("dismissed").asInt(), batch.toString());
        JsonNode stats = admin.get(base(realm) + "/stats").json();
        assertEquals(1, stats.get("leakVerification").get("confirmed").asInt(), stats.toString());
        assertEquals(2, stats.get("leakVerification").get("dismissed").asInt(), stats.toString());

        // the outbox sends a realm's emails in the order they were queued: once the confirmation of alice's new password
        // (queued after every verdict above) is out, bob and carol have had nothing, alice only her code and that
        ResetSteps.await(mailbox, 1, "alice@example.com", realm + " password was changed");
        assertEquals(List.of(), mailbox.to("bob@example.com"), "bob is never told of a leak that is not his password");
        assertEquals(List.of(), mailbox.to("carol@example.com"));
        assertFalse(mailbox.to("alice@example.com").stream().anyMatch(m -> m.subject().startsWith("Action needed")),
                "alice learns of it in her login, not by a second email: " + mailbox.to("alice@example.com"));

        // nothing of the leaks is kept: not the plaintexts, not their plain SHA-1 in either case
        List<String> secrets = new ArrayList<>();
        for (String leaked : List.of(alicePassword, bobLeaked, carolLeaked)) {
            secrets.add(leaked);
            secrets.add(sha1(leaked));
            secrets.add(sha1(leaked).toLowerCase());
        }
        String events = admin.get("/admin/realms/" + realm + "/admin-events?resourceTypes=CUSTOM&max=1000").body();
        assertTrue(events.contains("signals") || events.contains("batches/" + batchId), "the batch is an admin event: " + events);
        assertNoneIn("the admin events", events, secrets);
        assertNoneIn("the answer to POST /signals", submitted.body(), secrets);
        assertNoneIn("the server log", Files.readString(server.logFile(), StandardCharsets.UTF_8), secrets);
        assertNoneIn("the database", database(marker), secrets);
    }

    @Test
    void aDryRunSaysHowManyCarryThePasswordAndTheGuardCountsOnlyFlagsThatReachUsers() {
        String realm = realm(Map.of("dina", "dina-Passw0rd", "emil", "emil-Passw0rd", "fay", "fay-Passw0rd"));
        admin.setPolicy(realm, Map.of("maxFlagsPerHour", "1", "emailOnFlag", "false"));

        JsonNode preview = admin.post(signals(realm), Map.of("source", "feed", "reason", "credential-leak", "dryRun", true,
                "subjects", List.of(Map.of("username", "dina", "password", "x-1"), Map.of("username", "emil", "password", "x-2"),
                        Map.of("username", "fay")))).json();
        assertEquals("PREVIEW", preview.get("state").asText());
        assertEquals(2, preview.get("withPassword").asInt(), preview.toString());
        assertEquals(2, preview.get("suspected").asInt(), preview.toString());
        assertEquals(1, preview.get("newlyFlagged").asInt(), preview.toString());

        // three suspicions pass a limit of one new flag per hour: they reach nobody
        JsonNode suspicions = admin.post(signals(realm), Map.of("source", "feed", "reason", "credential-leak",
                "subjects", List.of(Map.of("username", "dina", "password", "x-1"), Map.of("username", "emil", "password", "x-2"),
                        Map.of("username", "fay", "password", "x-3")))).json();
        assertEquals("APPLIED", suspicions.get("state").asText(), suspicions.toString());
        assertEquals(3, suspicions.get("suspected").asInt());

        // a signal without the password makes a suspicion a flag at once, and that one counts
        JsonNode phishing = admin.post(signals(realm), Map.of("source", "soc", "reason", "phishing",
                "subjects", List.of(Map.of("username", "dina")))).json();
        assertEquals("APPLIED", phishing.get("state").asText(), phishing.toString());
        assertEquals(1, phishing.get("newlyFlagged").asInt(), phishing.toString());
        assertEquals("ACTIVE", admin.get(ResetSteps.flagPath(admin, realm, "dina")).json().get("state").asText());
        JsonNode held = admin.post(signals(realm), Map.of("source", "soc", "reason", "phishing",
                "subjects", List.of(Map.of("username", "emil")))).json();
        assertEquals("HELD", held.get("state").asText(), "the limit of one flag per hour is reached: " + held);
        assertEquals("SUSPECTED", admin.get(ResetSteps.flagPath(admin, realm, "emil")).json().get("state").asText());

        // with leakVerification off, a subject's password is ignored and the account flagged as before
        admin.setPolicy(realm, Map.of("maxFlagsPerHour", "100", "emailOnFlag", "false", "leakVerification", "off"));
        admin.delete(ResetSteps.flagPath(admin, realm, "fay"));
        JsonNode off = admin.post(signals(realm), Map.of("source", "feed", "reason", "credential-leak",
                "subjects", List.of(Map.of("username", "fay", "password", "x-3")))).json();
        assertEquals(1, off.get("newlyFlagged").asInt(), off.toString());
        assertFalse(off.has("suspected"), off.toString());
        assertEquals("ACTIVE", admin.get(ResetSteps.flagPath(admin, realm, "fay")).json().get("state").asText());
    }

    @Test
    void immediateChecksPlaintextsInTheBackgroundWithoutWaitingForALogin() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String realm = realm(Map.of("hana", "hana-Current-" + run, "ivan", "ivan-Current-" + run, "jill", "jill-Current-" + run));
        admin.setPolicy(realm, Map.of("leakVerification", "immediate"));

        JsonNode summary = admin.post(signals(realm), Map.of("source", "combolist", "reason", "credential-leak",
                "subjects", List.of(
                        Map.of("username", "hana", "password", "hana-Current-" + run),
                        Map.of("username", "ivan", "password", "ivan-Old-" + run),
                        // a SHA-1 cannot be given to Keycloak's credential check: it waits for the login
                        Map.of("username", "jill", "passwordSha1", sha1("jill-Current-" + run))))).json();
        assertEquals(3, summary.get("suspected").asInt(), summary.toString());
        assertEquals(0, summary.get("newlyFlagged").asInt(), summary.toString());
        String batch = base(realm) + "/batches/" + summary.get("batchId").asText();

        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode progress = admin.get(batch).json();
        while (progress.get("confirmed").asInt() + progress.get("dismissed").asInt() < 2 && System.currentTimeMillis() < deadline) {
            Mailbox.sleep(500);
            progress = admin.get(batch).json();
        }
        assertEquals(1, progress.get("confirmed").asInt(), progress.toString());
        assertEquals(1, progress.get("dismissed").asInt(), progress.toString());
        assertEquals(1, progress.get("suspected").asInt(), progress.toString());

        assertEquals("ACTIVE", admin.get(ResetSteps.flagPath(admin, realm, "hana")).json().get("state").asText());
        JsonNode ivan = admin.get(ResetSteps.flagPath(admin, realm, "ivan")).json();
        assertEquals("DISMISSED", ivan.get("state").asText(), ivan.toString());
        assertEquals("password-differs", ivan.get("resolution").asText(), ivan.toString());
        assertEquals("SUSPECTED", admin.get(ResetSteps.flagPath(admin, realm, "jill")).json().get("state").asText());

        // hana is told like anyone flagged, ivan never
        ResetSteps.await(mailbox, 1, "hana@example.com", "Action needed");
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "hana", "hana-Current-" + run);
        assertTrue(page.has("#cc-step-up-form"), page.title());
        // hana's notice was queued by the confirmation that follows every verdict of the batch, ivan's check included;
        // the outbox sends in queue order, and hana's code (queued later still) is out too
        ResetSteps.await(mailbox, 1, "hana@example.com", realm + " confirmation code");
        assertEquals(List.of(), mailbox.to("ivan@example.com"));
        assertNoneIn("the server log", Files.readString(server.logFile(), StandardCharsets.UTF_8),
                List.of("hana-Current-" + run, "ivan-Old-" + run, sha1("ivan-Old-" + run)));
    }

    @Test
    void immediateMatchesPassTheGuardAsOneBatchAndAreHeldWholeOverTheLimit() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> users = new LinkedHashMap<>();
        for (String name : List.of("kim", "lou", "max", "ned")) {
            users.put(name, name + "-Current-" + run);
        }
        users.put("ola", "ola-Current-" + run);
        String realm = realm(users);
        admin.setPolicy(realm, Map.of("leakVerification", "immediate", "maxFlagsPerHour", "3",
                "heldBatchNotify", "security-" + run + "@example.com"));

        List<Map<String, String>> subjects = new ArrayList<>();
        users.forEach((name, password) -> subjects.add(Map.of("username", name,
                "password", name.equals("ola") ? "ola-Old-" + run : password)));
        JsonNode summary = admin.post(signals(realm), Map.of("source", "combolist", "reason", "credential-leak",
                "subjects", subjects)).json();
        assertEquals("APPLIED", summary.get("state").asText(), "suspicions reach nobody: the guard lets them in");
        assertEquals(5, summary.get("suspected").asInt(), summary.toString());
        String batch = base(realm) + "/batches/" + summary.get("batchId").asText();

        // four current passwords: one more than the hourly limit, so their confirmation is held whole
        mailbox.await("security-" + run + "@example.com", "wait for your approval");
        JsonNode held = admin.get(base(realm) + "/batches?state=HELD").json();
        assertEquals(1, held.size(), held.toString());
        JsonNode confirmation = held.get(0);
        assertEquals("combolist", confirmation.get("source").asText());
        assertEquals(4, confirmation.get("newlyFlagged").asInt(), confirmation.toString());
        assertTrue(confirmation.get("holdReason").asText().contains("the limit is 3 per hour"), confirmation.toString());
        assertEquals("leak-verification", confirmation.get("submittedBy").asText());

        JsonNode progress = admin.get(batch).json();
        assertEquals(4, progress.get("awaitingGuard").asInt(), progress.toString());
        assertEquals(4, progress.get("suspected").asInt(), progress.toString());
        assertEquals(1, progress.get("dismissed").asInt(), progress.toString());
        assertEquals(0, progress.get("confirmed").asInt(), progress.toString());
        for (String name : List.of("kim", "lou", "max", "ned")) {
            JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, name)).json();
            assertEquals("SUSPECTED", flag.get("state").asText(), flag.toString());
        }
        assertEquals(List.of(), mailbox.to("kim@example.com"), "nobody is told while the guard holds them");

        AdminApi.Reply approved = admin.post(base(realm) + "/batches/" + confirmation.get("batchId").asText() + "/approve", null);
        assertEquals(200, approved.status(), approved.toString());
        assertEquals("APPLIED", approved.json().get("state").asText());
        for (String name : List.of("kim", "lou", "max", "ned")) {
            JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, name)).json();
            assertEquals("ACTIVE", flag.get("state").asText(), flag.toString());
            ResetSteps.await(mailbox, 1, name + "@example.com", "Action needed");
        }
        JsonNode after = admin.get(batch).json();
        assertEquals(4, after.get("confirmed").asInt(), after.toString());
        assertFalse(after.has("awaitingGuard"), after.toString());
        JsonNode ola = admin.get(ResetSteps.flagPath(admin, realm, "ola")).json();
        assertEquals("password-differs", ola.get("resolution").asText(), ola.toString());
        assertEquals(List.of(), mailbox.to("ola@example.com"));
    }

    @Test
    void badPasswordMaterialIsRefusedAndNothingIsStored() {
        String realm = realm(Map.of("gus", "gus-Passw0rd"));
        AdminApi.Reply reply = admin.post(signals(realm), Map.of("source", "feed", "reason", "credential-leak",
                "subjects", List.of(Map.of("username", "gus", "password", "ok-1"),
                        Map.of("username", "gus", "passwordSha1", "not-a-sha1-Secret-77"))));
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_subject", reply.json().get("error").asText());
        assertTrue(reply.json().get("error_description").asText().contains("subjects[1].passwordSha1"), reply.toString());
        assertFalse(reply.body().contains("Secret-77"), reply.body());
        assertEquals(0, admin.get(base(realm) + "/batches").json().size());
        assertEquals(404, admin.get(ResetSteps.flagPath(admin, realm, "gus")).status());
    }

    // ---- helpers

    /** A realm with these users and passwords, mail to the test's mailbox, and the check after the password in its browser flow. */
    private static String realm(Map<String, String> users) {
        TestRealm rep = TestRealm.named("leak").smtp(mailbox.port()).adminEvents();
        users.forEach(rep::user);
        String realm = rep.create(admin);
        Flows.checkAfterPassword(admin, realm);
        return realm;
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }

    private static String signals(String realm) {
        return base(realm) + "/signals";
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertNoneIn(String where, String text, List<String> secrets) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), where + " holds a leaked password or its SHA-1 (" + secret.length() + " characters)");
        }
    }

    /**
     * What the database holds, as text: on PostgreSQL or MariaDB every row of the extension's tables and of Keycloak's
     * admin events; on H2 the bytes of its files, once they hold {@code marker} (the batch's evidence: H2 writes its
     * pages to the file a moment after the commit), so that the search is known to reach the stored rows.
     */
    private static String database(String marker) throws Exception {
        if (!"h2".equals(server.db())) {
            StringBuilder all = new StringBuilder();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword());
                    Statement st = c.createStatement()) {
                for (String table : List.of("CC_FLAG", "CC_FLAG_EVIDENCE", "CC_BATCH", "CC_BATCH_SUBJECT", "CC_REALM_LOCK",
                        "CC_OUTBOX", "ADMIN_EVENT_ENTITY")) {
                    String name = "mariadb".equals(server.db()) ? table : table.toLowerCase();
                    try (ResultSet rows = st.executeQuery("SELECT * FROM " + name)) {
                        int columns = rows.getMetaData().getColumnCount();
                        while (rows.next()) {
                            for (int i = 1; i <= columns; i++) {
                                all.append(rows.getString(i)).append('\t');
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new AssertionError("could not read the database: " + e.getMessage(), e);
            }
            assertTrue(all.toString().contains(marker), "the rows read hold the batch");
            return all.toString();
        }
        long deadline = System.currentTimeMillis() + 60_000;
        String text;
        do {
            text = h2Files();
            if (text.contains(marker)) {
                return text;
            }
            Mailbox.sleep(1000);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("H2's files never held the batch's evidence: the search would not find a stored secret either");
    }

    private static String h2Files() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(server.h2Directory())) {
            for (Path file : files.toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
