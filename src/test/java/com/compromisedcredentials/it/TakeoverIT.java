package com.compromisedcredentials.it;

import static com.compromisedcredentials.it.ResetSteps.code;
import static com.compromisedcredentials.it.ResetSteps.count;
import static com.compromisedcredentials.it.ResetSteps.link;
import static com.compromisedcredentials.it.ResetSteps.proceed;
import static com.compromisedcredentials.it.ResetSteps.wrong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacker holds alice's leaked password, knows Keycloak, and tries every way around the step-up that real
 * realm settings open: other required actions pending (an expired or temporary password, forced OTP enrolment),
 * an authenticator app of their own, an address changed after the flag, the compromised password set again, a
 * login left waiting while the owner resets, codes and links asked for over and over. Each test plays the attack
 * through the real pages and APIs and fails if it gets through.
 */
@ExtendWith(KeycloakExtension.class)
class TakeoverIT {

    private static final String OLD = "alice-Passw0rd";
    private static final String NEW = "alice-New-Passw0rd-2";
    private static final String ACTIONS = "/authentication/required-actions";
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

    // ---- 1. the step-up comes before every other required action

    @Test
    void aPendingUpdatePasswordComesAfterTheStepUp() {
        String realm = realm(Map.of(), r -> r.requiredAction("alice", "UPDATE_PASSWORD"));
        ResetSteps.flag(admin, realm, "alice");

        Browser attacker = new Browser(admin.baseUrl());
        Browser.Page page = attacker.login(realm, "alice", OLD);
        assertTrue(page.has("#cc-step-up-form"), "the step-up first, not Keycloak's update-password page: " + page.title());
        assertFalse(page.has("#kc-passwd-update-form"));

        // the owner proves it is them; then Keycloak's own update-password page (it was pending) does the reset
        String code = code(ResetSteps.await(mailbox, 1, "alice@example.com", realm + " confirmation code"));
        assertEquals(1, count(mailbox, "alice@example.com", realm + " confirmation code"), "one code for one login: " + mailbox.all());
        Browser.Page owner = attacker.submit(page, "#cc-step-up-form", Map.of("cc-code", code, "cc-action", "verify"));
        assertTrue(owner.has("#kc-passwd-update-form"), "one password page, Keycloak's: " + owner.title());
        owner = attacker.submit(owner, "#kc-passwd-update-form", Map.of("password-new", OLD, "password-confirm", OLD));
        assertTrue(owner.document().body().text().contains("known to others"), "the compromised password is refused there too: "
                + owner.document().body().text());
        assertEquals("ACTIVE", flag(realm).get("state").asText());
        owner = attacker.submit(owner, "#kc-passwd-update-form", Map.of("password-new", NEW, "password-confirm", NEW));
        assertTrue(owner.isApplication(), owner.title());
        assertEquals("RESOLVED", flag(realm).get("state").asText());
    }

    @Test
    void forcedOtpEnrolmentComesAfterTheStepUp() {
        String realm = realm(Map.of(), r -> r.requiredAction("alice", "CONFIGURE_TOTP"));
        ResetSteps.flag(admin, realm, "alice");
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "alice", OLD);
        assertTrue(page.has("#cc-step-up-form"), "the step-up first, not the authenticator enrolment: " + page.title());
        assertFalse(page.has("#kc-totp-settings-form"));
    }

    @Test
    void theResetIsKeptFirstAndAReorderIsReportedAsWeakened() {
        // a realm imported with the reset action registered last, as a realm file written before this version might
        ObjectNode rep = TestRealm.named("order").smtp(mailbox.port()).user("alice", OLD).user("bob", "bob-Passw0rd").representation();
        rep.putArray("requiredActions")
                .add(action("CONFIGURE_TOTP", 10)).add(action("UPDATE_PASSWORD", 30)).add(action("VERIFY_EMAIL", 50))
                .add(action("COMPROMISED_PASSWORD_RESET", 5000));
        String realm = admin.createRealm(rep);
        assertEquals("on", policy(realm).get("enforcement").asText());
        int ours = admin.get(path(realm, ACTIONS + "/COMPROMISED_PASSWORD_RESET")).json().get("priority").asInt();
        assertTrue(ours < 10, "moved before CONFIGURE_TOTP: " + ours);

        moveResetLast(realm);
        assertEquals("weakened", policy(realm).get("enforcement").asText());
        AdminApi.Reply batch = signal(realm, "bob");
        assertEquals("weakened", batch.json().get("enforcement").asText(), batch.toString());
    }

    // ---- 2. codes only to the address verified when the account was flagged

    @Test
    void aCodeGoesOnlyToTheAddressTheAccountHadWhenFlagged() {
        String realm = realm(Map.of());
        ResetSteps.flag(admin, realm, "alice");
        String aliceId = admin.userId(realm, "alice");
        // after the flag, the address changes (an admin fooled by a support call, say) and is marked verified
        assertEquals(204, admin.put(path(realm, "/users/" + aliceId), Map.of("email", "mallory@example.com", "emailVerified", true)).status());

        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "alice", OLD);
        assertFalse(page.has("#cc-step-up-form"), "no code offered to the new address: " + page.document().body().text());
        assertTrue(page.has("#cc-blocked"), page.title());

        // the address back as it was: the code goes there, and by then none has gone to the other one
        assertEquals(204, admin.put(path(realm, "/users/" + aliceId), Map.of("email", "alice@example.com", "emailVerified", true)).status());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", OLD).has("#cc-step-up-form"));
        ResetSteps.await(mailbox, 1, "alice@example.com", realm + " confirmation code");
        assertEquals(0, mailbox.to("mallory@example.com").size(), mailbox.all().toString());
    }

    // ---- 3. factors enrolled after the flag prove nothing

    @Test
    void anAuthenticatorAppEnrolledAfterTheFlagProvesNothing() {
        String realm = realm(Map.of(), r -> r.requiredAction("alice", "CONFIGURE_TOTP"));
        moveResetLast(realm); // an admin has let OTP enrolment run first: the attacker can enrol their own app
        ResetSteps.flag(admin, realm, "alice");

        Browser attacker = new Browser(admin.baseUrl());
        Browser.Page page = attacker.login(realm, "alice", OLD);
        assertTrue(page.has("#kc-totp-settings-form"), page.title());
        String secret = page.document().selectFirst("#totpSecret").attr("value");
        page = attacker.submit(page, "#kc-totp-settings-form", Map.of("totp", Totp.now(secret), "userLabel", "attacker"));
        assertTrue(page.has("#cc-step-up-form"), "enrolling proves nothing in this login: " + page.title());

        // abandoned; a second login with the attacker's own app passes Keycloak's OTP step, and proves nothing to us
        Browser again = new Browser(admin.baseUrl());
        page = again.login(realm, "alice", OLD);
        page = again.submit(page, "#kc-otp-login-form", Map.of("otp", Totp.at(secret, 1)));
        assertTrue(page.has("#cc-step-up-form"), "an app enrolled after the flag is not the second proof: " + page.title());
        assertFalse(page.has("#cc-reset-form"));
        assertFalse(page.text("label[for=cc-code]").contains("authenticator app"),
                "nor is the app offered as the proof: " + page.text("label[for=cc-code]"));
        assertEquals("ACTIVE", flag(realm).get("state").asText());
    }

    // ---- 4. the compromised password never ends a flag

    @Test
    void theCompromisedPasswordIsRefusedOnEveryPathAndTheFlagStays() {
        String realm = realm(Map.of());
        ResetSteps.flag(admin, realm, "alice");
        String aliceId = admin.userId(realm, "alice");

        // an admin setting it again
        AdminApi.Reply reset = admin.put(path(realm, "/users/" + aliceId + "/reset-password"),
                Map.of("type", "password", "value", OLD, "temporary", false));
        assertEquals(400, reset.status(), reset.toString());
        assertTrue(reset.body().contains("ccPasswordSameAsCompromised") || reset.body().contains("known to others"), reset.body());
        assertEquals("ACTIVE", flag(realm).get("state").asText());

        // the owner's forgot-password email: the link is the proof, Keycloak's page refuses the old password
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page login = browser.openLogin(realm);
        Browser.Page forgot = browser.get(login.uri().resolve(login.document().selectFirst("a[href*=reset-credentials]").attr("href")));
        browser.submit(forgot, "#kc-reset-password-form", Map.of("username", "alice"));
        Mailbox.Mail mail = mailbox.await("alice@example.com", "Reset password");
        Browser.Page update = proceed(browser, browser.get(URI.create(link(mail.text()))));
        update = browser.submit(update, "#kc-passwd-update-form", Map.of("password-new", OLD, "password-confirm", OLD));
        assertTrue(update.document().body().text().contains("known to others"), update.document().body().text());
        assertEquals("ACTIVE", flag(realm).get("state").asText());
        update = browser.submit(update, "#kc-passwd-update-form", Map.of("password-new", NEW, "password-confirm", NEW));
        assertTrue(update.isApplication(), update.title());
        assertEquals("RESOLVED", flag(realm).get("state").asText());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", NEW).isApplication());
    }

    // ---- 5. a login that waited while the owner reset

    @Test
    void aLoginLeftWaitingWhileTheOwnerResetsEndsWithoutAccess() {
        String realm = realm(Map.of());
        ResetSteps.flag(admin, realm, "alice");
        Browser attacker = new Browser(admin.baseUrl());
        Browser.Page waiting = attacker.login(realm, "alice", OLD);
        assertTrue(waiting.has("#cc-step-up-form"), waiting.title());
        ResetSteps.await(mailbox, 1, "alice@example.com", realm + " confirmation code");

        Browser owner = new Browser(admin.baseUrl());
        Browser.Page page = owner.login(realm, "alice", OLD);
        String code = code(ResetSteps.await(mailbox, 2, "alice@example.com", realm + " confirmation code"));
        page = owner.submit(page, "#cc-step-up-form", Map.of("cc-code", code, "cc-action", "verify"));
        page = owner.submit(page, "#cc-reset-form", Map.of("password-new", NEW, "password-confirm", NEW));
        assertTrue(page.isApplication(), page.title());

        // the owner's login took the reset action off the account; the waiting login reloads its page
        Browser.Page reloaded = attacker.get(waiting.uri());
        assertFalse(reloaded.isApplication(), "the old password's login must not complete");
        assertTrue(reloaded.has("#cc-blocked") && reloaded.text("#cc-blocked").contains("Sign in again"), reloaded.document().body().text());
    }

    // ---- 6. codes, wrong guesses and links bounded per user, whatever the realm's brute-force setting

    @Test
    void emailedCodesAreBoundedPerUserAcrossLogins() {
        String realm = realm(Map.of("stepUpCodesPerHour", "2"));
        ResetSteps.flag(admin, realm, "alice");
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", OLD).has("#cc-step-up-form"));
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", OLD).has("#cc-step-up-form"));
        Browser.Page third = new Browser(admin.baseUrl()).login(realm, "alice", OLD);
        assertTrue(third.document().body().text().contains("several codes"), third.document().body().text());
        // each login sends its code before it answers: after three answers, two codes
        assertEquals(2, count(mailbox, "alice@example.com", realm + " confirmation code"), mailbox.all().toString());
    }

    @Test
    void wrongCodesAreBoundedPerFlagWithoutBruteForceDetection() {
        String realm = realm(Map.of("stepUpMaxFailures", "3", "stepUpMaxAttempts", "10"));
        ResetSteps.flag(admin, realm, "alice");
        Browser first = new Browser(admin.baseUrl());
        Browser.Page one = first.login(realm, "alice", OLD);
        String firstCode = code(ResetSteps.await(mailbox, 1, "alice@example.com", realm + " confirmation code"));
        one = first.submit(one, "#cc-step-up-form", Map.of("cc-code", wrong(firstCode), "cc-action", "verify"));
        one = first.submit(one, "#cc-step-up-form", Map.of("cc-code", wrong(firstCode), "cc-action", "verify"));
        assertTrue(one.text("#input-error-cc-code").contains("not right"), one.document().body().text());

        // a fresh login does not start a fresh count
        Browser second = new Browser(admin.baseUrl());
        Browser.Page two = second.login(realm, "alice", OLD);
        String secondCode = code(ResetSteps.await(mailbox, 2, "alice@example.com", realm + " confirmation code"));
        two = second.submit(two, "#cc-step-up-form", Map.of("cc-code", wrong(secondCode), "cc-action", "verify"));
        assertTrue(two.document().body().text().contains("Too many wrong codes have been entered"), two.document().body().text());
        two = second.submit(two, "#cc-step-up-form", Map.of("cc-code", secondCode, "cc-action", "verify"));
        assertFalse(two.has("#cc-reset-form"), "even the right code is refused once the flag's share is used up");
        assertTrue(two.document().body().text().contains("Forgot password"), two.document().body().text());
    }

    @RepeatedTest(3) // a race: parallel logins of one account, each time in a fresh realm
    void resetLinksGoOutOncePerCoolDownEvenForParallelLogins() throws Exception {
        String realm = realm(Map.of("enforcementMode", "block-and-email"));
        ResetSteps.flag(admin, realm, "alice");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Browser.Page>> logins = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                logins.add(pool.submit(() -> new Browser(admin.baseUrl()).login(realm, "alice", OLD)));
            }
            for (Future<Browser.Page> login : logins) {
                Browser.Page page = login.get();
                assertTrue(page.has("#cc-blocked"), page.status() + " " + page.title() + ": "
                        + (page.document() == null ? page.uri() : page.document().body().text()));
            }
        } finally {
            pool.shutdownNow();
        }
        // every login sent its link, if any, before it answered
        assertEquals(1, count(mailbox, "alice@example.com", "your " + realm + " account"), mailbox.all().toString());
    }

    // ---- 7. held-batch emails at most once an hour

    @Test
    void heldBatchesEmailTheAdminsAtMostOnceAnHour() {
        String realm = realm(Map.of("maxFlagsPerHour", "1", "heldBatchNotify", "admins@example.com", "emailOnFlag", "true"),
                r -> r.user("carol", "carol-Passw0rd").user("dave", "dave-Passw0rd"));
        assertEquals("HELD", signal(realm, "alice", "bob").json().get("state").asText());
        assertEquals("HELD", signal(realm, "carol", "dave").json().get("state").asText());
        // a later email of the same outbox is the marker that the earlier ones have gone out
        assertEquals("APPLIED", signal(realm, "carol").json().get("state").asText());
        mailbox.await("carol@example.com", realm);
        ResetSteps.await(mailbox, 1, "admins@example.com", "");
        assertEquals(1, mailbox.to("admins@example.com").size(), mailbox.all().toString());
    }

    // ---- 8. accounts a password reset cannot help

    @Test
    void accountsWithoutAPasswordAreNotFlaggedAndTheBatchSaysWhy() {
        String realm = realm(Map.of(), r -> r.user("pat", "unused").withoutPassword("pat"));
        AdminApi.Reply batch = signal(realm, "pat", "alice");
        JsonNode summary = batch.json();
        assertEquals(1, summary.get("newlyFlagged").asInt(), batch.toString());
        assertEquals(1, summary.get("excluded").asInt());
        assertEquals(1, summary.get("excludedNoPassword").asInt());
        assertEquals(404, admin.get(ResetSteps.flagPath(admin, realm, "pat")).status());
    }

    /**
     * An account whose password was removed after it signed in (it moved to a passkey, say) keeps its sessions: a batch
     * excludes it and, by default, leaves it alone. With {@code revokeSessionsForPasswordless} the batch signs it out
     * everywhere all the same, says so in its summary, and still flags nothing.
     */
    @Test
    void accountsWithoutAPasswordAreSignedOutOnlyWhenThePolicyAsks() {
        for (boolean revoke : new boolean[] {false, true}) {
            String realm = realm(Map.of("revokeSessionsForPasswordless", String.valueOf(revoke)),
                    r -> r.user("pat", "pat-Passw0rd-1"));
            AdminApi.Reply tokens = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", "pat", "password", "pat-Passw0rd-1"));
            assertEquals(200, tokens.status(), tokens.toString());
            String pat = admin.userId(realm, "pat");
            for (JsonNode credential : admin.get(path(realm, "/users/" + pat + "/credentials")).json()) {
                assertEquals(204, admin.delete(path(realm, "/users/" + pat + "/credentials/" + credential.get("id").asText())).status());
            }

            JsonNode summary = signal(realm, "pat").json();
            assertEquals(0, summary.get("newlyFlagged").asInt(), summary.toString());
            assertEquals(1, summary.get("excludedNoPassword").asInt(), summary.toString());
            assertEquals(404, admin.get(ResetSteps.flagPath(admin, realm, "pat")).status());

            AdminApi.Reply refreshed = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "refresh_token", "client_id", TestRealm.CLIENT_ID,
                    "refresh_token", tokens.json().get("refresh_token").asText()));
            int sessions = admin.get(path(realm, "/users/" + pat + "/sessions")).json().size();
            JsonNode stored = admin.get(path(realm, "/compromised-credentials/batches/" + summary.get("batchId").asText())).json();
            if (revoke) {
                assertEquals(1, summary.get("passwordlessSignedOut").asInt(), summary.toString());
                assertEquals(1, stored.get("passwordlessSignedOut").asInt(), stored.toString());
                assertEquals(400, refreshed.status(), "the refresh token must be revoked: " + refreshed);
                assertEquals(0, sessions);
            } else {
                assertFalse(summary.has("passwordlessSignedOut"), summary.toString());
                assertEquals(200, refreshed.status(), "left alone by default: " + refreshed);
                assertEquals(1, sessions);
            }
        }
    }

    // ---- 9. enforcement off

    @Test
    void withTheResetActionDisabledFlagsAreRecordedButNobodyIsToldTheirPasswordStopped() {
        String realm = realm(Map.of("emailOnFlag", "true"));
        JsonNode action = admin.get(path(realm, ACTIONS + "/COMPROMISED_PASSWORD_RESET")).json();
        ((ObjectNode) action).put("enabled", false);
        assertEquals(204, admin.put(path(realm, ACTIONS + "/COMPROMISED_PASSWORD_RESET"), action).status());

        assertEquals("off", policy(realm).get("enforcement").asText());
        AdminApi.Reply batch = signal(realm, "alice");
        assertEquals("off", batch.json().get("enforcement").asText(), batch.toString());
        JsonNode flag = flag(realm);
        assertEquals("ACTIVE", flag.get("state").asText());
        assertEquals("skipped: enforcement off", flag.get("notification").asText(), flag.toString());
    }

    // ---- helpers

    private static String realm(Map<String, String> policy) {
        return realm(policy, r -> r);
    }

    private static String realm(Map<String, String> policy, UnaryOperator<TestRealm> extra) {
        TestRealm realm = TestRealm.named("takeover").smtp(mailbox.port()).forgotPassword()
                .user("alice", OLD).user("bob", "bob-Passw0rd");
        String name = extra.apply(realm).create(admin);
        Map<String, String> settings = new HashMap<>(Map.of("emailOnFlag", "false", "emailOnResolve", "false"));
        settings.putAll(policy);
        admin.setPolicy(name, settings);
        return name;
    }

    private static ObjectNode action(String alias, int priority) {
        ObjectNode action = AdminApi.JSON.createObjectNode();
        action.put("alias", alias).put("name", alias).put("providerId", alias).put("enabled", true)
                .put("defaultAction", false).put("priority", priority);
        return action;
    }

    /** As an admin could in the console: the reset action dragged below every other. */
    private static void moveResetLast(String realm) {
        JsonNode action = admin.get(path(realm, ACTIONS + "/COMPROMISED_PASSWORD_RESET")).json();
        ((ObjectNode) action).put("priority", 100_000);
        assertEquals(204, admin.put(path(realm, ACTIONS + "/COMPROMISED_PASSWORD_RESET"), action).status());
    }

    private static AdminApi.Reply signal(String realm, String... usernames) {
        List<Map<String, String>> subjects = new ArrayList<>();
        for (String username : usernames) {
            subjects.add(Map.of("username", username));
        }
        AdminApi.Reply reply = admin.post(path(realm, "/compromised-credentials/signals"),
                Map.of("source", "feed", "reason", "credential-leak", "subjects", subjects));
        assertTrue(reply.status() / 100 == 2, reply.toString());
        return reply;
    }

    private static JsonNode policy(String realm) {
        return admin.get(path(realm, "/compromised-credentials/policy")).json();
    }

    private static JsonNode flag(String realm) {
        return admin.get(ResetSteps.flagPath(admin, realm, "alice")).json();
    }

    private static String path(String realm, String rest) {
        return "/admin/realms/" + realm + rest;
    }
}
