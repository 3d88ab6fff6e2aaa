package com.compromisedcredentials.it;

import static com.compromisedcredentials.it.ResetSteps.code;
import static com.compromisedcredentials.it.ResetSteps.link;
import static com.compromisedcredentials.it.ResetSteps.proceed;
import static com.compromisedcredentials.it.ResetSteps.wrong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The takeover-safe reset: in the default step-up mode someone holding only the old password cannot finish
 * it; the other modes, the fallback, direct grant, and every resolution path.
 */
@ExtendWith(KeycloakExtension.class)
class ResetModesIT {

    private static final String OTP_SECRET = "12345678901234567890";
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
    void withOnlyTheOldPasswordTheResetCannotBeFinished() {
        String realm = realm(Map.of("supportContact", "help@example.com"));
        flag(realm, "alice");
        String aliceId = admin.userId(realm, "alice");

        // the attacker, with alice's old password
        Browser attacker = new Browser(admin.baseUrl());
        Browser.Page page = attacker.login(realm, "alice", "alice-Passw0rd");
        assertTrue(page.has("#cc-step-up-form"), "expected the step-up, got: " + page.title());
        assertTrue(page.text("label[for=cc-code]").contains("a***e@example.com"), page.text("label[for=cc-code]"));
        assertFalse(page.has("#cc-reset-form"));
        String firstCode = code(mailbox.await("alice@example.com", realm + " confirmation code"));

        page = attacker.submit(page, "#cc-step-up-form", Map.of("cc-code", "", "cc-action", "verify"));
        assertTrue(page.has("#input-error-cc-code"), "missing code refused: " + page.title() + " " + page.document().body().text());
        page = attacker.submit(page, "#cc-step-up-form", Map.of("cc-code", wrong(firstCode), "cc-action", "verify"));
        assertTrue(page.text("#input-error-cc-code").contains("not right"), page.document().body().text());
        assertFalse(page.has("#cc-reset-form"));
        assertEquals(2, failures(realm, aliceId, 2), "each wrong code counts for brute-force protection");

        // the owner, in another browser, gets their own code; the first one is not accepted there (replay)
        Browser owner = new Browser(admin.baseUrl());
        Browser.Page ownerPage = owner.login(realm, "alice", "alice-Passw0rd");
        assertTrue(ownerPage.has("#cc-step-up-form"), ownerPage.title() + ": " + ownerPage.document().body().text());
        Mailbox.Mail second = await(2, "alice@example.com", realm + " confirmation code");
        String ownerCode = code(second);
        ownerPage = owner.submit(ownerPage, "#cc-step-up-form", Map.of("cc-code", firstCode.equals(ownerCode) ? wrong(firstCode) : firstCode, "cc-action", "verify"));
        assertTrue(ownerPage.has("#input-error-cc-code"), "a code from another login is refused");
        assertEquals(3, failures(realm, aliceId, 3));

        ownerPage = owner.submit(ownerPage, "#cc-step-up-form", Map.of("cc-code", ownerCode, "cc-action", "verify"));
        assertTrue(ownerPage.has("#cc-reset-form"), "the right code leads to the new password: " + ownerPage.title());
        ownerPage = owner.submit(ownerPage, "#cc-reset-form", Map.of("password-new", "alice-Passw0rd", "password-confirm", "alice-Passw0rd"));
        assertTrue(ownerPage.text("#input-error-password-new").contains("known to others"), "the compromised password is refused");
        ownerPage = owner.submit(ownerPage, "#cc-reset-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "alice-New-Passw0rd"));
        assertTrue(ownerPage.isApplication(), ownerPage.title());

        // the code, used once, cannot be used again by the attacker's session
        page = attacker.submit(page, "#cc-step-up-form", Map.of("cc-code", ownerCode, "cc-action", "verify"));
        assertFalse(page.isApplication());
        assertFalse(page.has("#cc-reset-form"));
        assertTrue(page.text("#cc-blocked").contains("Sign in again with the new password"), page.document().body().text());

        JsonNode flag = admin.get(flagPath(realm, "alice")).json();
        assertEquals("RESOLVED", flag.get("state").asText());
        assertEquals("required-action", flag.get("resolution").asText());
        assertEquals("step-up-reset", flag.get("enforcementMode").asText());
    }

    @Test
    @H2PassOnly // 31 s must pass
    void anExpiredCodeIsRefused() {
        String realm = realm(Map.of("stepUpCodeTtlSeconds", "30"));
        flag(realm, "alice");
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        String code = code(mailbox.await("alice@example.com", realm + " confirmation code"));
        Mailbox.sleep(31_000);
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", code, "cc-action", "verify"));
        assertTrue(page.text("#input-error-cc-code").contains("expired"), page.document().body().text());
        assertEquals(1, failures(realm, admin.userId(realm, "alice"), 1));
    }

    @Test
    void resendHasACooldown() {
        String realm = realm(Map.of());
        flag(realm, "alice");
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        mailbox.await("alice@example.com", realm + " confirmation code");
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", "", "cc-action", "resend"));
        assertTrue(page.text("#input-error-cc-code").contains("Please wait"), page.document().body().text());
        // a code is sent within the request that asks for it (the SMTP server has it before the page is answered):
        // the refused resend's answer is the marker that no second code went out
        assertEquals(1, mailbox.to("alice@example.com").stream().filter(m -> m.subject().contains(realm + " confirmation code")).count());
    }

    @Test
    void aSecondFactorUsedAtLoginIsTheProof() {
        String realm = realm(Map.of(), r -> r.otp("alice", OTP_SECRET));
        flag(realm, "alice");
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, "alice", "alice-Passw0rd");
        page = browser.submit(page, "#kc-otp-login-form", Map.of("otp", Totp.now(OTP_SECRET)));
        assertTrue(page.has("#cc-reset-form"), "the OTP of this login is the second proof: " + page.title());
        assertEquals(0, mailbox.to("alice@example.com").stream().filter(m -> m.subject().contains(realm + " confirmation code")).count());
    }

    @Test
    void withoutSecondFactorOrVerifiedEmailTheFallbackApplies() {
        String realm = realm(Map.of("supportContact", "help@example.com"), r -> r.userAttribute("alice", "emailVerified", "false"));
        flag(realm, "alice");
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd");
        assertTrue(page.has("#cc-blocked"), page.title());
        assertTrue(page.text("#cc-blocked").contains("contact us"), page.text("#cc-blocked"));
        assertTrue(page.text("#cc-support").contains("help@example.com"));
        assertFalse(page.has("form#cc-reset-form"));

        admin.setPolicy(realm, Map.of("noSecondFactorFallback", "reset"));
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd").has("#cc-reset-form"));
    }

    @Test
    void resetModeGoesStraightToTheNewPassword() {
        String realm = realm(Map.of("enforcementMode", "reset"));
        flag(realm, "alice");
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd").has("#cc-reset-form"));
    }

    @Test
    void blockAndEmailRefusesTheLoginAndEmailsAResetLink() {
        String realm = realm(Map.of("enforcementMode", "block-and-email"));
        flag(realm, "alice");
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd");
        assertTrue(page.text("#cc-blocked").contains("We have sent a link"), page.document().body().text());
        assertFalse(page.isApplication());
        // a second attempt within 15 minutes sends no second email
        new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd");

        Mailbox.Mail mail = mailbox.await("alice@example.com", "your " + realm + " account");
        // the link is sent within the login's request: the second login's answer is the marker that it sent none
        assertEquals(1, mailbox.to("alice@example.com").stream().filter(m -> m.subject().contains(realm)).count());
        Browser owner = new Browser(admin.baseUrl());
        Browser.Page update = proceed(owner, owner.get(URI.create(link(mail.text()))));
        update = owner.submit(update, "#kc-passwd-update-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "alice-New-Passw0rd"));
        JsonNode flag = admin.get(flagPath(realm, "alice")).json();
        assertEquals("RESOLVED", flag.get("state").asText(), update.title());
        assertEquals("password-updated", flag.get("resolution").asText());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-New-Passw0rd").isApplication());
    }

    @Test
    void directGrantGivesNoTokenButAClearError() {
        String realm = realm(Map.of());
        addCheckToDirectGrantFlow(realm);
        assertEquals(200, passwordGrant(realm, "bob").status(), "unflagged users are untouched");
        flag(realm, "alice");
        AdminApi.Reply reply = passwordGrant(realm, "alice");
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_grant", reply.json().get("error").asText());
        assertTrue(reply.json().get("error_description").asText().startsWith("Password reset required"), reply.toString());
        assertFalse(reply.body().contains("access_token"));
    }

    @Test
    void keycloaksForgotPasswordFlowResolvesTheFlagOnce() {
        String realm = realm(Map.of());
        flag(realm, "alice");
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page login = browser.openLogin(realm);
        Browser.Page forgot = browser.get(login.uri().resolve(login.document().selectFirst("a[href*=reset-credentials]").attr("href")));
        browser.submit(forgot, "#kc-reset-password-form", Map.of("username", "alice"));
        Mailbox.Mail mail = mailbox.await("alice@example.com", "Reset password");
        Browser.Page update = proceed(browser, browser.get(URI.create(link(mail.text()))));
        Browser.Page done = browser.submit(update, "#kc-passwd-update-form", Map.of("password-new", "alice-New-Passw0rd", "password-confirm", "alice-New-Passw0rd"));
        assertTrue(done.isApplication(), "no reset asked again: " + done.title());

        JsonNode flag = admin.get(flagPath(realm, "alice")).json();
        assertEquals("RESOLVED", flag.get("state").asText());
        assertEquals("password-updated", flag.get("resolution").asText());
        Mailbox.Mail confirmation = mailbox.await("alice@example.com", "Your " + realm + " password was changed");
        // the marker: bob's confirmation, queued after any second one of alice's, leaves the outbox after it
        flag(realm, "bob");
        assertEquals(204, admin.put("/admin/realms/" + realm + "/users/" + admin.userId(realm, "bob") + "/reset-password",
                Map.of("type", "password", "value", "bob-New-Passw0rd", "temporary", false)).status());
        mailbox.await("bob@example.com", "Your " + realm + " password was changed");
        assertEquals(1, mailbox.to("alice@example.com").stream().filter(m -> m.subject().contains("Your " + realm + " password was changed")).count(),
                "resolved exactly once: " + confirmation);
    }

    // ---- helpers

    private static String realm(Map<String, String> policy) {
        return realm(policy, r -> r);
    }

    private static String realm(Map<String, String> policy, java.util.function.UnaryOperator<TestRealm> extra) {
        TestRealm realm = TestRealm.named("modes").smtp(mailbox.port()).bruteForceProtection().forgotPassword()
                .user("alice", "alice-Passw0rd").user("bob", "bob-Passw0rd");
        // the email address is per realm: alice@example.com is reused, so the mailbox is emptied per realm by name
        String name = extra.apply(realm).create(admin);
        Map<String, String> settings = new java.util.HashMap<>(Map.of("emailOnFlag", "false", "emailOnResolve", "true"));
        settings.putAll(policy);
        admin.setPolicy(name, settings);
        mailbox.clear();
        return name;
    }

    private static void flag(String realm, String username) {
        ResetSteps.flag(admin, realm, username);
    }

    private static Mailbox.Mail await(int count, String to, String subject) {
        return ResetSteps.await(mailbox, count, to, subject);
    }

    /** Keycloak's brute-force count of the user, waiting up to 10 s for it to reach {@code expected} (it is recorded apart). */
    private static int failures(String realm, String userId, int expected) {
        long deadline = System.currentTimeMillis() + 10_000;
        int n;
        do {
            n = admin.get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId).json().get("numFailures").asInt();
            if (n >= expected) {
                return n;
            }
            Mailbox.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        return n;
    }

    private static AdminApi.Reply passwordGrant(String realm, String username) {
        return admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", TestRealm.CLIENT_ID, "username", username, "password", username + "-Passw0rd"));
    }

    /** As an admin would: copy the built-in direct grant flow, add the check, bind the copy. */
    private static void addCheckToDirectGrantFlow(String realm) {
        AdminApi.Reply copied = admin.post("/admin/realms/" + realm + "/authentication/flows/direct%20grant/copy",
                Map.of("newName", "direct grant with check"));
        assertEquals(201, copied.status(), copied.toString());
        String flows = "/admin/realms/" + realm + "/authentication/flows/direct%20grant%20with%20check/executions";
        AdminApi.Reply added = admin.post(flows + "/execution", Map.of("provider", "compromised-credentials-check"));
        assertEquals(201, added.status(), added.toString());
        for (JsonNode execution : admin.get(flows).json()) {
            if ("compromised-credentials-check".equals(execution.path("providerId").asText())) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) execution).put("requirement", "REQUIRED");
                AdminApi.Reply updated = admin.put(flows, execution);
                assertTrue(updated.status() / 100 == 2, updated.toString());
            }
        }
        AdminApi.Reply bound = admin.put("/admin/realms/" + realm, Map.of("directGrantFlow", "direct grant with check"));
        assertEquals(204, bound.status(), bound.toString());
    }

    private static String flagPath(String realm, String username) {
        return ResetSteps.flagPath(admin, realm, username);
    }
}
