package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The emails, as users and admins receive them from a real SMTP server: sent after commit through the
 * outbox, in the user's language, only to verified addresses, retried while SMTP is down.
 */
@ExtendWith(KeycloakExtension.class)
class EmailIT {

    private static Mailbox mailbox;
    private static AdminApi admin;
    private static String realm;

    @BeforeAll
    static void setUp(AdminApi api) {
        admin = api;
        mailbox = Mailbox.start();
        realm = TestRealm.named("email").languages().displayName("Example Shop").smtp(mailbox.port())
                .user("alice", "alice-Passw0rd")
                .user("bruno", "bruno-Passw0rd").userAttribute("bruno", "locale", "de")
                .user("nomail", "nomail-Passw0rd").userAttribute("nomail", "email", null)
                .user("unverified", "unverified-Passw0rd").userAttribute("unverified", "emailVerified", "false")
                .user("carla", "carla-Passw0rd")
                .user("dora", "dora-Passw0rd")
                .create(admin);
        admin.setPolicy(realm, Map.of("supportContact", "help@example.com or +1 555 0100", "enforcementMode", "reset"));
    }

    @AfterAll
    static void tearDown() {
        mailbox.close();
    }

    @Test
    void flaggedUserIsToldWhatHappenedWhatToDoAndHowToTellItIsGenuine() throws Exception {
        flag("phishing", "alice");
        Mailbox.Mail mail = mailbox.await("alice@example.com", "choose a new password");
        assertEquals("Action needed: choose a new password for your Example Shop account", mail.subject());
        assertTrue(mail.text().contains("the password of your Example Shop account is known to someone else"), mail.text());
        assertTrue(mail.text().contains("fake sign-in page (phishing)"), mail.text());
        assertTrue(mail.text().contains("Open Example Shop yourself"), mail.text());
        assertTrue(mail.text().contains("help@example.com or +1 555 0100"), mail.text());
        assertFalse(mail.html().contains("<a "), "no link to click by default: " + mail.html());
        assertFalse(mail.text().contains("http"), mail.text());
        save("email-flagged", mail);

        assertEquals("sent", flagOf("alice").get("notification").asText());

        // the user resets: a confirmation follows
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "alice-New-Passw0rd"));
        assertTrue(page.isApplication(), page.title());
        Mailbox.Mail confirmation = mailbox.await("alice@example.com", "password was changed");
        assertTrue(confirmation.text().contains("If you did not change it yourself"), confirmation.text());
        save("email-password-changed", confirmation);
        assertEquals(1, mailbox.to("alice@example.com").stream().filter(m -> m.subject().startsWith("Action needed")).count(),
                "sent once");
    }

    @Test
    void emailsAreInTheUsersLanguage() {
        flag("malware", "bruno");
        Mailbox.Mail mail = mailbox.await("bruno@example.com", "neues Passwort");
        assertEquals("Bitte handeln: Wählen Sie ein neues Passwort für Ihr Konto bei Example Shop", mail.subject());
        assertTrue(mail.text().contains("Schadsoftware"), mail.text());

        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "bruno", "bruno-Passw0rd");
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "bruno-Neues-Passw0rt", "password-confirm", "bruno-Neues-Passw0rt"));
        assertTrue(page.isApplication(), page.title());
        Mailbox.Mail confirmation = mailbox.await("bruno@example.com", "wurde geändert");
        assertEquals("Ihr Passwort bei Example Shop wurde geändert", confirmation.subject());
        assertTrue(confirmation.text().contains("Wenn Sie es nicht selbst geändert haben"), confirmation.text());
    }

    @Test
    void aRealmThemeOverridingATemplateChangesThatEmail() {
        com.fasterxml.jackson.databind.node.ObjectNode rep = TestRealm.named("email-theme").displayName("Branded Shop")
                .smtp(mailbox.port()).user("tess", "tess-Passw0rd").representation();
        rep.put("emailTheme", "compromised-credentials");
        String themed = admin.createRealm(rep);
        assertEquals("APPLIED", admin.post("/admin/realms/" + themed + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "phishing", "subjects", List.of(Map.of("username", "tess")))).json().get("state").asText());
        Mailbox.Mail mail = mailbox.await("tess@example.com", "Branded Shop");
        assertTrue(mail.html().contains("id=\"cc-brand\""), "the theme's own template: " + mail.html());
        assertTrue(mail.text().startsWith("Branded Shop - Security notice"), mail.text());
        assertTrue(mail.text().contains("fake sign-in page (phishing)"), "the extension's messages still apply: " + mail.text());
    }

    @Test
    void usersWithoutAVerifiedAddressGetNoEmailAndTheFlagSaysWhy() {
        flag("credential-leak", "nomail", "unverified");
        waitFor(() -> !flagOf("nomail").get("notification").asText().equals("queued"));
        assertEquals("skipped: no email address", flagOf("nomail").get("notification").asText());
        waitFor(() -> !flagOf("unverified").get("notification").asText().equals("queued"));
        assertEquals("skipped: email address not verified", flagOf("unverified").get("notification").asText());
        assertEquals(List.of(), mailbox.to("unverified@example.com"));
    }

    @Test
    void revertWithNotifyUsersSendsACorrection() {
        String batchId = flag("credential-leak", "carla");
        mailbox.await("carla@example.com", "choose a new password");
        AdminApi.Reply reverted = admin.post(base() + "/batches/" + batchId + "/revert", Map.of("notifyUsers", true));
        assertEquals(200, reverted.status(), reverted.toString());
        assertEquals(1, reverted.json().get("correctionEmails").asInt());
        Mailbox.Mail correction = mailbox.await("carla@example.com", "Please ignore our earlier message");
        assertTrue(correction.text().contains("That message was a mistake"), correction.text());
        save("email-correction", correction);
    }

    @Test
    void heldBatchTellsTheAdminsAndNoUser() throws Exception {
        String heldRealm = TestRealm.named("email-held").smtp(mailbox.port()).users("h", 3).create(admin);
        admin.setPolicy(heldRealm, Map.of("maxFlagsPerHour", "2", "heldBatchNotify", "secops@example.com, ciso@example.com"));
        JsonNode held = admin.post("/admin/realms/" + heldRealm + "/compromised-credentials/signals", Map.of(
                "source", "feed-x", "reason", "credential-leak",
                "userMessage", "Your password was in the ExampleShop breach of 2 November.", "evidence", "ticket SEC-4711",
                "subjects", List.of(Map.of("email", "h01@example.com"), Map.of("email", "h02@example.com"),
                        Map.of("email", "h03@example.com")))).json();
        assertEquals("HELD", held.get("state").asText(), held.toString());
        Mailbox.Mail mail = mailbox.await("secops@example.com", "wait for your approval");
        mailbox.await("ciso@example.com", "wait for your approval");
        assertTrue(mail.subject().contains("3 compromised-credential flags"), mail.subject());
        assertTrue(mail.text().contains(held.get("batchId").asText()), mail.text());
        assertTrue(mail.text().contains("feed-x"), mail.text());
        assertTrue(mail.text().contains("Users will read: Your password was in the ExampleShop breach of 2 November."), mail.text());
        assertTrue(mail.text().contains("Evidence: ticket SEC-4711"), mail.text());
        assertTrue(mail.text().contains("h***2@example.com"), "subjects are masked: " + mail.text());
        assertFalse(mail.text().contains("h02@example.com"), mail.text());
        assertTrue(mail.text().contains("/batches/" + held.get("batchId").asText() + "/approve"), mail.text());
        save("email-batch-held", mail);
        // the marker: h03 flagged alone afterwards (within the limit, applied) is emailed by a later run of the outbox
        assertEquals("APPLIED", admin.post("/admin/realms/" + heldRealm + "/compromised-credentials/signals", Map.of(
                "source", "feed-y", "reason", "credential-leak", "subjects", List.of(Map.of("username", "h03")))).json()
                .get("state").asText());
        mailbox.await("h03@example.com", "choose a new password");
        assertEquals(0, mailbox.to("h01@example.com").size(), "nobody in a held batch is emailed");
        assertEquals(0, mailbox.to("h02@example.com").size(), "nobody in a held batch is emailed");
    }

    @Test
    void nothingIsLostWhileSmtpIsDown() {
        Mailbox later = Mailbox.down();
        try {
            String downRealm = TestRealm.named("smtp-down").smtp(later.port()).users("d", 4).create(admin);
            admin.post("/admin/realms/" + downRealm + "/compromised-credentials/signals", Map.of("source", "feed",
                    "reason", "phishing", "subjects", List.of(Map.of("username", "d01"), Map.of("username", "d02"), Map.of("username", "d03"))));
            Mailbox.sleep(4_000); // several dispatch attempts fail meanwhile
            assertEquals("queued", admin.get("/admin/realms/" + downRealm + "/compromised-credentials/users/"
                    + admin.userId(downRealm, "d01") + "/flag").json().get("notification").asText());
            later.up();
            for (String user : List.of("d01", "d02", "d03")) {
                later.await(user + "@example.com", "choose a new password");
            }
            // the marker: d04's email, queued after the three went out, leaves in a later run of the outbox
            admin.post("/admin/realms/" + downRealm + "/compromised-credentials/signals", Map.of("source", "feed",
                    "reason", "phishing", "subjects", List.of(Map.of("username", "d04"))));
            later.await("d04@example.com", "choose a new password");
            assertEquals(4, later.all().size(), "each exactly once: " + later.all());
        } finally {
            later.close();
        }
    }

    // ---- helpers

    private static String flag(String reason, String... usernames) {
        AdminApi.Reply reply = admin.post(base() + "/signals", Map.of("source", "feed", "reason", reason,
                "subjects", Arrays.stream(usernames).map(u -> Map.of("username", u)).toList()));
        assertEquals(201, reply.status(), reply.toString());
        assertEquals("APPLIED", reply.json().get("state").asText(), reply.toString());
        return reply.json().get("batchId").asText();
    }

    private static JsonNode flagOf(String username) {
        return admin.get(base() + "/users/" + admin.userId(realm, username) + "/flag").json();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Mailbox.sleep(200);
        }
    }

    /** Keeps the rendered email for the docs' screenshots (target/emails). */
    private static void save(String name, Mailbox.Mail mail) throws RuntimeException {
        try {
            Path dir = Path.of(System.getProperty("it.workdir", "target/it")).resolve("emails");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".html"), "<!-- " + mail.subject() + " -->\n" + mail.html());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String base() {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }
}
