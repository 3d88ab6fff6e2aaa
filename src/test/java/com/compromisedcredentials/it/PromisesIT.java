package com.compromisedcredentials.it;

import static com.compromisedcredentials.it.ResetSteps.code;
import static com.compromisedcredentials.it.ResetSteps.wrong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promises of the manuals that no other test plays: the step-up with an authenticator app set up before the flag,
 * the end of an emailed code after its wrong attempts, unsent emails cancelled by a revert or a dismissal, and a held
 * batch matched as the accounts are when it is approved, and a flag resolved while its email is on the wire staying resolved.
 */
@ExtendWith(KeycloakExtension.class)
class PromisesIT {

    private static final String OTP_SECRET = "abcdefghij0123456789";
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

    @Test
    void theAuthenticatorAppSetUpBeforeTheFlagIsTheStepUpEndToEnd() {
        String realm = TestRealm.named("app-step-up").smtp(mailbox.port()).user("alice", "alice-Passw0rd")
                .otp("alice", OTP_SECRET).create(admin);
        admin.setPolicy(realm, Map.of("emailOnFlag", "false"));
        withoutOtpInTheLoginFlow(realm); // so that the login itself proves nothing but the password
        ResetSteps.flag(admin, realm, "alice");

        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        assertTrue(page.has("#cc-step-up-form") && page.text("label[for=cc-code]").contains("authenticator app"),
                "the app is asked for, not an email: " + page.document().body().text());
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", wrong(Totp.now(OTP_SECRET)), "cc-action", "verify"));
        assertTrue(page.text("#input-error-cc-code").contains("not right"), page.document().body().text());
        assertFalse(page.has("#cc-reset-form"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", Totp.now(OTP_SECRET), "cc-action", "verify"));
        assertTrue(page.has("#cc-reset-form"), "the app's code leads to the new password: " + page.title());
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "alice-New-Passw0rd"));
        assertTrue(page.isApplication(), page.title());
        assertEquals("RESOLVED", admin.get(ResetSteps.flagPath(admin, realm, "alice")).json().get("state").asText());
        assertEquals(0, ResetSteps.count(mailbox, "alice@example.com", realm), "no code was emailed: " + mailbox.all());
    }

    @Test
    void anEmailedCodeEndsAfterItsWrongAttemptsEvenWhenTheRightOneFollows() {
        String realm = TestRealm.named("attempts").smtp(mailbox.port()).user("alice", "alice-Passw0rd").create(admin);
        admin.setPolicy(realm, Map.of("emailOnFlag", "false", "stepUpMaxAttempts", "2"));
        ResetSteps.flag(admin, realm, "alice");
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        String code = code(ResetSteps.await(mailbox, 1, "alice@example.com", realm + " confirmation code"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", wrong(code), "cc-action", "verify"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", wrong(code), "cc-action", "verify"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", code, "cc-action", "verify"));
        assertFalse(page.has("#cc-reset-form"), "after two wrong attempts the code is spent");
        assertTrue(page.text("#input-error-cc-code").contains("Too many wrong codes. Ask for a new one."), page.document().body().text());
    }

    @Test
    void aRevertOrADismissalCancelsTheEmailsNotYetSent() {
        Mailbox later = Mailbox.down(); // the realm's SMTP server is down: the flag emails wait in the outbox
        try {
            String realm = TestRealm.named("cancel").smtp(later.port()).users("c", 3).create(admin);
            admin.setPolicy(realm, Map.of("emailOnFlag", "true"));
            String batchId = signal(realm, "c01").get("batchId").asText();
            signal(realm, "c02");
            AdminApi.Reply reverted = admin.post("/admin/realms/" + realm + "/compromised-credentials/batches/" + batchId + "/revert",
                    Map.of("notifyUsers", true));
            assertEquals(200, reverted.status(), reverted.toString());
            assertEquals(0, reverted.json().get("correctionEmails").asInt(), "nobody was told, so nobody is corrected");
            AdminApi.Reply dismissed = admin.delete(ResetSteps.flagPath(admin, realm, "c02"));
            assertEquals("DISMISSED", dismissed.json().get("state").asText(), dismissed.toString());

            later.up();
            signal(realm, "c03");
            // c03's email, queued last, is the marker that the outbox has gone past the two cancelled ones
            later.await("c03@example.com", "choose a new password");
            assertEquals(List.of(), later.to("c01@example.com"), "the reverted flag's email never went out");
            assertEquals(List.of(), later.to("c02@example.com"), "the dismissed flag's email never went out");
        } finally {
            later.close();
        }
    }

    @Test
    void aFlagResolvedWhileItsEmailIsBeingSentStaysResolved() throws Exception {
        try (StallingSmtp smtp = new StallingSmtp()) {
            String realm = TestRealm.named("resolved-mid-send").smtp(smtp.port()).users("m", 1).create(admin);
            admin.setPolicy(realm, Map.of("emailOnFlag", "true"));
            signal(realm, "m01");
            smtp.awaitHeld(); // the outbox is in the middle of sending m01's flag email

            AdminApi.Reply reset = admin.put("/admin/realms/" + realm + "/users/" + admin.userId(realm, "m01") + "/reset-password",
                    Map.of("type", "password", "value", "m01-New-Passw0rd", "temporary", false));
            assertEquals(204, reset.status(), reset.toString());
            assertEquals("RESOLVED", admin.get(ResetSteps.flagPath(admin, realm, "m01")).json().get("state").asText());

            smtp.release();
            JsonNode flag = awaitNotification(realm, "m01"); // the outbox recorded the email it sent: it is done with it
            assertEquals("sent", flag.get("notification").asText(), flag.toString());
            assertEquals("RESOLVED", flag.get("state").asText(), "the outbox's record of the email must not revive the flag: " + flag);
            assertEquals("admin-password-reset", flag.get("resolution").asText(), flag.toString());
            assertTrue(new Browser(admin.baseUrl()).login(realm, "m01", "m01-New-Passw0rd").isApplication(),
                    "the new password leads straight to the application");
        }
    }

    private static JsonNode awaitNotification(String realm, String username) throws InterruptedException {
        String path = ResetSteps.flagPath(admin, realm, username);
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode flag = admin.get(path).json();
        while (!sentOrSkipped(flag) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            flag = admin.get(path).json();
        }
        assertTrue(sentOrSkipped(flag), "the outbox never recorded the email: " + flag);
        return flag;
    }

    /** The flag's notification is "queued" until the outbox is done with its email. */
    private static boolean sentOrSkipped(JsonNode flag) {
        return flag.hasNonNull("notification") && !flag.get("notification").asText().equals("queued");
    }

    @Test
    void approvingAHeldBatchMatchesTheAccountsAsTheyAreThen() {
        String realm = TestRealm.named("approve-now").smtp(mailbox.port()).users("h", 2).user("alice", "alice-Passw0rd").create(admin);
        admin.setPolicy(realm, Map.of("emailOnFlag", "false", "maxFlagsPerHour", "1"));
        JsonNode held = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "credential-leak", "subjects", List.of(Map.of("email", "alice@example.com"), Map.of("email", "h01@example.com"),
                        Map.of("email", "newcomer@example.com")))).json();
        assertEquals("HELD", held.get("state").asText(), held.toString());
        assertEquals(1, held.get("unmatched").asInt(), held.toString());

        // while it waits: alice's address changes, and an account with the unmatched address appears
        assertEquals(204, admin.put("/admin/realms/" + realm + "/users/" + admin.userId(realm, "alice"),
                Map.of("email", "alice.new@example.com", "emailVerified", true)).status());
        ObjectNode newcomer = AdminApi.JSON.createObjectNode().put("username", "newcomer").put("email", "newcomer@example.com")
                .put("emailVerified", true).put("enabled", true).put("firstName", "New").put("lastName", "Comer");
        newcomer.putArray("credentials").addObject().put("type", "password").put("value", "newcomer-Passw0rd").put("temporary", false);
        assertEquals(201, admin.post("/admin/realms/" + realm + "/users", newcomer).status());

        JsonNode approved = admin.post("/admin/realms/" + realm + "/compromised-credentials/batches/" + held.get("batchId").asText()
                + "/approve", null).json();
        assertEquals("APPLIED", approved.get("state").asText(), approved.toString());
        assertEquals(2, approved.get("newlyFlagged").asInt(), approved.toString());
        assertEquals(1, approved.get("unmatched").asInt(), "alice's old address names nobody now: " + approved);
        assertEquals(404, admin.get(ResetSteps.flagPath(admin, realm, "alice")).status());
        assertEquals("ACTIVE", admin.get(ResetSteps.flagPath(admin, realm, "newcomer")).json().get("state").asText());
    }

    @Test
    @H2PassOnly // a minute must pass
    void emailsPerMinuteHoldsAndTheEmailsOverItWait() {
        String realm = TestRealm.named("per-minute").smtp(mailbox.port()).users("p", 5).create(admin);
        admin.setPolicy(realm, Map.of("emailOnFlag", "true", "emailsPerMinute", "2"));
        AdminApi.Reply batch = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "credential-leak", "subjects", List.of(Map.of("username", "p01"), Map.of("username", "p02"),
                        Map.of("username", "p03"), Map.of("username", "p04"), Map.of("username", "p05"))));
        assertEquals("APPLIED", batch.json().get("state").asText(), batch.toString());
        assertEquals(5, batch.json().get("newlyFlagged").asInt(), batch.toString());
        awaitFlagEmails(realm, 2, 30);

        // the marker: another realm's email, queued now, goes out in a later run of the outbox, a run in which this
        // realm's minute is used up
        String other = TestRealm.named("per-minute-marker").smtp(mailbox.port()).users("q", 1).create(admin);
        admin.setPolicy(other, Map.of("emailOnFlag", "true"));
        signal(other, "q01");
        ResetSteps.await(mailbox, 1, "q01@example.com", other);
        assertEquals(2, flagEmails(realm), "two emails in the realm's first minute, not more: " + mailbox.all());

        // the others wait in the outbox and leave in the next minute
        awaitFlagEmails(realm, 4, 90);
    }

    private static long flagEmails(String realm) {
        long count = 0;
        for (int i = 1; i <= 5; i++) {
            count += ResetSteps.count(mailbox, "p0" + i + "@example.com", realm);
        }
        return count;
    }

    private static void awaitFlagEmails(String realm, int count, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (flagEmails(realm) < count && System.nanoTime() < deadline) {
            Mailbox.sleep(200);
        }
        assertTrue(flagEmails(realm) >= count, "fewer than " + count + " flag emails in " + seconds + " s: " + mailbox.all());
    }

    // ---- helpers

    private static JsonNode signal(String realm, String username) {
        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "credential-leak", "subjects", List.of(Map.of("username", username))));
        assertEquals("APPLIED", reply.json().get("state").asText(), reply.toString());
        return reply.json();
    }

    /** As an admin could: the browser flow's conditional second-factor step disabled. */
    private static void withoutOtpInTheLoginFlow(String realm) {
        String executions = "/admin/realms/" + realm + "/authentication/flows/browser/executions";
        boolean disabled = false;
        for (JsonNode execution : admin.get(executions).json()) {
            if (execution.path("level").asInt() == 1 && execution.path("displayName").asText().contains("Conditional")) {
                ((ObjectNode) execution).put("requirement", "DISABLED");
                assertTrue(admin.put(executions, execution).status() / 100 == 2);
                disabled = true;
            }
        }
        assertTrue(disabled, "the browser flow has a conditional second-factor step: " + admin.get(executions).body());
    }
}
