package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the outbox's senders meet real SMTP servers (GreenMail behind {@link SmtpRelay}): a burst of emails goes out
 * once each over a few connections kept open, several at a time; a server that puts messages off (4xx) still gets each
 * email once; a recipient the server refuses for good (550) is recorded as bounced at once, on the flag, in the stats
 * and in the list of bounced emails, and never tried again; and an SMTP server that holds a send does not hold up
 * Keycloak's other scheduled jobs (login-signal detection), since the senders are the dispatcher's own threads; an
 * admin's dismissal while the flag's email is being sent waits for the send, and both succeed.
 */
@ExtendWith(KeycloakExtension.class)
class EmailSendersIT {

    private static AdminApi admin;
    private static KeycloakServer server;

    @BeforeAll
    static void setUp(AdminApi api, KeycloakServer keycloak) {
        admin = api;
        server = keycloak;
    }

    @Test
    void aBurstOfFlagEmailsArrivesOnceEachOverAFewConnectionsSeveralAtATime() throws Exception {
        try (Mailbox mailbox = Mailbox.scripted()) {
            String realm = TestRealm.named("burst").smtp(mailbox.port()).users("b", 51).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "1000", "maxFlagsPerDayPercent", "100"));
            List<String> burst = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                burst.add(String.format("b%02d", i));
            }
            flag(realm, burst);
            for (String user : burst) {
                mailbox.await(user + "@example.com", "choose a new password");
            }
            // the marker: b51's email, queued now, goes out in a later round than any that could send one of the fifty twice
            flag(realm, List.of("b51"));
            mailbox.await("b51@example.com", "choose a new password");
            for (String user : burst) {
                assertEquals(1, mailbox.to(user + "@example.com").size(), "exactly once to " + user);
            }
            assertEquals(51, mailbox.count(), "each exactly once: " + mailbox.all());
            // four senders, each keeping its connection: not a connection per email
            assertTrue(mailbox.relay().connections() <= 10,
                    "51 emails over " + mailbox.relay().connections() + " SMTP connections");
            assertTrue(mailbox.relay().mostOpenAtOnce() >= 2,
                    "several senders at once: at most " + mailbox.relay().mostOpenAtOnce() + " connection open at a time");
            assertEquals(51, metric("compromised_credentials_emails_sent_total", realm), "the metrics count them");
        }
    }

    /**
     * An admin dismisses a flag while its email is being sent: the sender's transaction holds the email's claim and
     * will write the flag's notification after the send. The dismissal cancels the user's waiting email before it
     * locks the flag, so it waits for the send and neither fails (when it locked the flag first the database found a
     * deadlock and aborted one: the admin got a 500, or the sent email was rolled back and sent again).
     */
    @Test
    void aDismissalDuringItsEmailsSendWaitsForItAndBothSucceed() throws Exception {
        try (Mailbox mailbox = Mailbox.scripted()) {
            String realm = TestRealm.named("dismiss-mid-send").smtp(mailbox.port()).users("d", 2).create(admin);
            mailbox.relay().hold();
            ResetSteps.flag(admin, realm, "d01");
            String path = ResetSteps.flagPath(admin, realm, "d01");
            AdminApi.Reply dismissed = whileASendIsHeld(mailbox, () -> admin.delete(path));
            assertEquals(200, dismissed.status(), "the admin's dismissal: " + dismissed);
            mailbox.await("d01@example.com", "choose a new password");
            JsonNode flag = admin.get(path).json();
            assertEquals("DISMISSED", flag.get("state").asText(), flag.toString());
            // the marker: d02's email, queued now, leaves in a later round than any that could resend d01's
            ResetSteps.flag(admin, realm, "d02");
            mailbox.await("d02@example.com", "choose a new password");
            assertEquals(1, mailbox.to("d01@example.com").size(), "sent once: " + mailbox.all());
            assertNoSendFailed(realm);
        }
    }

    /**
     * The same race for a batch revert, which ends many flags at once: the emails being sent are waited for, found
     * sent, and followed by the correction the admin asked for; an email not yet sent is cancelled.
     */
    @Test
    void aRevertDuringItsEmailsSendsWaitsForThemAndCorrectsWhatWentOut() throws Exception {
        try (Mailbox mailbox = Mailbox.scripted()) {
            String realm = TestRealm.named("revert-mid-send").smtp(mailbox.port()).users("r", 4).create(admin);
            mailbox.relay().hold(); // every message that reaches the end of its data waits there
            String batchId = flag(realm, List.of("r01", "r02", "r03"));
            AdminApi.Reply reverted = whileASendIsHeld(mailbox, () -> admin.post(
                    base(realm) + "/batches/" + batchId + "/revert", Map.of("notifyUsers", true)));
            assertEquals(200, reverted.status(), "the admin's revert: " + reverted);
            assertEquals(3, reverted.json().get("revertedFlags").asInt(), reverted.toString());
            List<String> told = mailbox.all().stream().filter(m -> m.subject().contains("choose a new password"))
                    .map(Mailbox.Mail::to).toList();
            assertFalse(told.isEmpty(), "the held email went out: " + mailbox.all());
            assertEquals(told.size(), told.stream().distinct().count(), "each at most once: " + told);
            assertEquals(told.size(), reverted.json().get("correctionEmails").asInt(), "a correction to each one told: " + reverted);
            for (String to : told) {
                mailbox.await(to, "Please ignore our earlier message");
            }
            // the marker: r04's email, queued now, leaves after any that could still send a cancelled one
            flag(realm, List.of("r04"));
            mailbox.await("r04@example.com", "choose a new password");
            for (String user : List.of("r01@example.com", "r02@example.com", "r03@example.com")) {
                long flagEmails = mailbox.to(user).stream().filter(m -> m.subject().contains("choose a new password")).count();
                assertEquals(told.contains(user) ? 1 : 0, flagEmails, "told before the revert, or never: " + mailbox.all());
            }
            assertNoSendFailed(realm);
        }
    }

    /** An admin removes a user while the user's email is being sent: the removal waits for the send and succeeds. */
    @Test
    void removingAUserDuringTheirEmailsSendWaitsForIt() throws Exception {
        try (Mailbox mailbox = Mailbox.scripted()) {
            String realm = TestRealm.named("remove-mid-send").smtp(mailbox.port()).users("x", 2).create(admin);
            String userPath = "/admin/realms/" + realm + "/users/" + admin.userId(realm, "x01");
            mailbox.relay().hold();
            ResetSteps.flag(admin, realm, "x01");
            AdminApi.Reply removed = whileASendIsHeld(mailbox, () -> admin.delete(userPath));
            assertEquals(204, removed.status(), "the admin's removal: " + removed);
            assertEquals(404, admin.get(userPath).status(), "the user is gone");
            mailbox.await("x01@example.com", "choose a new password");
            ResetSteps.flag(admin, realm, "x02"); // the marker: leaves in a later round than any that could resend
            mailbox.await("x02@example.com", "choose a new password");
            assertEquals(1, mailbox.to("x01@example.com").size(), "sent once: " + mailbox.all());
            assertNoSendFailed(realm);
        }
    }

    @Test
    void aServerThatPutsMessagesOffStillGetsEachEmailOnce() {
        try (Mailbox mailbox = Mailbox.scripted()) {
            String realm = TestRealm.named("put-off").smtp(mailbox.port()).users("p", 4).create(admin);
            mailbox.relay().putOff(3); // 451 to the next three messages, then it recovers
            flag(realm, List.of("p01", "p02", "p03"));
            for (String user : List.of("p01", "p02", "p03")) {
                mailbox.await(user + "@example.com", "choose a new password");
            }
            assertEquals(3, mailbox.relay().putOffSoFar(), "the server put three messages off");
            // the marker: p04's email, queued after the three went out, leaves in a later round
            flag(realm, List.of("p04"));
            mailbox.await("p04@example.com", "choose a new password");
            assertEquals(4, mailbox.count(), "each exactly once: " + mailbox.all());
            assertEquals("sent", flagOf(realm, "p01").get("notification").asText());
        }
    }

    @Test
    void aRecipientRefusedForGoodIsRecordedAsBouncedAndNotTriedAgain() throws Exception {
        try (Mailbox mailbox = Mailbox.scripted()) {
            String realm = TestRealm.named("bounce").smtp(mailbox.port())
                    .user("gone", "gone-Passw0rd").user("kept", "kept-Passw0rd").user("later", "later-Passw0rd").create(admin);
            mailbox.relay().refuse("gone@example.com");
            flag(realm, List.of("gone", "kept"));
            mailbox.await("kept@example.com", "choose a new password");
            waitFor(() -> !flagOf(realm, "gone").get("notification").asText().equals("queued"));

            String notification = flagOf(realm, "gone").get("notification").asText();
            assertTrue(notification.startsWith("bounced: 550 5.1.1"), notification);
            assertTrue(notification.contains("g***e@example.com"), "the address is masked: " + notification);
            assertFalse(notification.contains("gone@example.com"), notification);
            assertEquals("ACTIVE", flagOf(realm, "gone").get("state").asText(), "a bounce leaves the flag as it is");

            JsonNode emails = admin.get(base(realm) + "/stats").json().get("emails");
            assertEquals(1, emails.get("BOUNCED").asLong(), emails.toString());
            assertEquals(0, emails.get("PENDING").asLong(), "nothing waits to be tried again: " + emails);
            assertEquals(1, emails.get("SENT").asLong(), emails.toString());

            JsonNode bounced = admin.get(base(realm) + "/emails/bounced").json();
            assertEquals(1, bounced.size(), bounced.toString());
            assertEquals("gone", bounced.get(0).get("username").asText(), bounced.toString());
            assertEquals("FLAGGED", bounced.get(0).get("kind").asText(), bounced.toString());
            assertTrue(bounced.get(0).get("reply").asText().startsWith("bounced: 550"), bounced.toString());
            assertFalse(bounced.toString().contains("gone@example.com"), bounced.toString());

            // the marker: later's email, queued now, goes out in a later round; gone's was tried once only
            flag(realm, List.of("later"));
            mailbox.await("later@example.com", "choose a new password");
            assertEquals(1, mailbox.relay().recipientAttempts("gone@example.com"), "a bounced email is not sent again");
            assertEquals(List.of(), mailbox.to("gone@example.com"));
            assertEquals(1, metric("compromised_credentials_emails_bounced_total", realm), "the metrics count it");
        }
    }

    @Test
    void anSmtpServerHoldingASendDoesNotHoldUpLoginSignalDetection() throws Exception {
        try (StallingSmtp smtp = new StallingSmtp()) {
            // the realm's SMTP server takes a message and holds its answer; the realm lets it take two minutes
            ObjectNode held = TestRealm.named("held-send").smtp(smtp.port()).users("h", 1).representation();
            ((ObjectNode) held.get("smtpServer")).put("timeout", "120000");
            String heldRealm = admin.createRealm(held);
            flag(heldRealm, List.of("h01"));
            smtp.awaitHeld(); // a sender waits on the SMTP server now

            // meanwhile, credential stuffing in another realm is detected and the account that got in is flagged
            String realm = TestRealm.named("held-send-ls").user("victim", "victim-Passw0rd").httpFromAnyAddress().create(admin);
            admin.setPolicy(realm, Map.of("loginSignalsEnabled", "true"));
            String attacker = "198.51.100.9";
            for (int i = 1; i <= 20; i++) {
                assertFalse(new Browser(admin.baseUrl()).from(attacker).login(realm, "leaked" + i + "@example.net", "wrong").isApplication());
            }
            assertTrue(new Browser(admin.baseUrl()).from(attacker).login(realm, "victim", "victim-Passw0rd").isApplication());
            waitFor(() -> {
                AdminApi.Reply reply = admin.get(base(realm) + "/users/" + admin.userId(realm, "victim") + "/flag");
                return reply.status() == 200 && "ACTIVE".equals(reply.json().get("state").asText());
            }, 60);
            assertEquals(0, smtp.accepted(), "the send was still held while the detection ran");
            smtp.release();
            waitFor(() -> "sent".equals(flagOf(heldRealm, "h01").get("notification").asText()), 60);
        }
    }

    // ---- helpers

    /**
     * Runs the admin's {@code action} while a message is held at the end of its data (its sender inside the
     * transaction that claimed it and will record it), and releases the message half a second later: long enough for
     * the action to reach any lock wait, within the database's deadlock check (1 s), so that a lock order that can
     * deadlock does. Returns the action's reply.
     */
    private static AdminApi.Reply whileASendIsHeld(Mailbox mailbox, java.util.function.Supplier<AdminApi.Reply> action)
            throws Exception {
        mailbox.relay().awaitHeld(Duration.ofSeconds(60));
        CompletableFuture<AdminApi.Reply> reply = CompletableFuture.supplyAsync(action);
        Thread.sleep(500);
        mailbox.relay().release();
        return reply.get(60, TimeUnit.SECONDS);
    }

    /** No send of the realm failed (a deadlock victim is logged as a failed send and tried again). */
    private static void assertNoSendFailed(String realm) throws IOException {
        String log = Files.readString(server.logFile());
        assertFalse(log.contains("in realm " + realm + " could not be sent"), "a send failed: " + server.logTail());
    }

    private static String flag(String realm, List<String> usernames) {
        AdminApi.Reply reply = admin.post(base(realm) + "/signals", Map.of("source", "feed", "reason", "credential-leak",
                "subjects", usernames.stream().map(u -> Map.of("username", u)).toList()));
        assertEquals("APPLIED", reply.json().get("state").asText(), reply.toString());
        return reply.json().get("batchId").asText();
    }

    private static JsonNode flagOf(String realm, String username) {
        return admin.get(base(realm) + "/users/" + admin.userId(realm, username) + "/flag").json();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        waitFor(condition, 30);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Mailbox.sleep(200);
        }
    }

    /** A counter of the realm on the management port's /metrics (this node's). */
    private static long metric(String name, String realm) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("realm=\"" + realm + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }
}
