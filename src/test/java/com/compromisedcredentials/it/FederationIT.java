package com.compromisedcredentials.it;

import static com.compromisedcredentials.it.ResetSteps.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Realms whose passwords live in a directory: Keycloak's LDAP user federation against a real OpenLDAP (slapd, started
 * by the test), in each edit mode. Users are flagged before Keycloak has ever seen them (found through the federation),
 * then log in through the real pages:
 * <ul>
 * <li>WRITABLE: the takeover-safe reset writes the new password to the directory; the compromised one is refused, and
 * so is one the directory's own password policy refuses, with a message in words.</li>
 * <li>READ_ONLY: Keycloak cannot change the password, so the login stops with a page that says where to change it (no
 * reset form, no server error); the flag says {@code external}; it resolves at the first login with another password.</li>
 * <li>UNSYNCED: the reset keeps the new password in Keycloak only; the directory keeps the compromised one (the
 * documented limit of that mode).</li>
 * </ul>
 */
@ExtendWith(KeycloakExtension.class)
class FederationIT {

    private static final String CHANGE_URL = "https://password.example.org/change";
    private static AdminApi admin;
    private static Mailbox mailbox;
    private static Slapd slapd;

    @BeforeAll
    static void setUp(AdminApi api) {
        admin = api;
        mailbox = Mailbox.start();
        slapd = Slapd.start();
    }

    /**
     * Every test waits for the emails it causes (or turns them off), so that none is left in the outbox when the mailbox
     * closes: a retry to a closed port that another listener has since taken would hold the server's timer thread.
     */
    @AfterAll
    static void tearDown() {
        mailbox.close();
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void writableTheResetWritesTheNewPasswordToTheDirectory() {
        String uid = person("wanda");
        String realm = realmWithDirectory("WRITABLE");

        JsonNode batch = flagByEmail(realm, uid);
        assertEquals(1, batch.get("newlyFlagged").asInt(), "found through the federation before any login: " + batch);
        mailbox.await(uid + "@example.org", "Action needed");

        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, uid, uid + "-Old-1");
        assertTrue(page.has("#cc-step-up-form"), page.title() + " " + text(page));
        String stepUp = code(mailbox.await(uid + "@example.org", realm + " confirmation code"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", stepUp, "cc-action", "verify"));
        assertTrue(page.has("#cc-reset-form"), page.title() + " " + text(page));

        // the compromised password is refused, though the directory would take it
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", uid + "-Old-1", "password-confirm", uid + "-Old-1"));
        assertTrue(page.has("#cc-reset-form"), text(page));
        assertTrue(slapd.bindsWith(uid, uid + "-Old-1"));

        // the directory's own policy refuses a short one: said on the page, in words, not as a server error
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", "Short-1x", "password-confirm", "Short-1x"));
        assertEquals(200, page.status(), text(page));
        assertTrue(page.has("#cc-reset-form"), text(page));
        assertTrue(text(page).contains("directory did not accept this password"), text(page));
        assertFalse(text(page).contains("uid="), "no LDAP error text: " + text(page));

        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", uid + "-New-2", "password-confirm", uid + "-New-2"));
        Browser.Page done = page;
        assertTrue(done.isApplication(), () -> done.title() + " " + text(done));
        assertTrue(slapd.bindsWith(uid, uid + "-New-2"), "the new password is the directory's");
        assertFalse(slapd.bindsWith(uid, uid + "-Old-1"), "the compromised one no longer opens the directory");

        JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, uid)).json();
        assertEquals("RESOLVED", flag.get("state").asText(), flag.toString());
        assertEquals("required-action", flag.get("resolution").asText(), flag.toString());
        assertTrue(new Browser(admin.baseUrl()).login(realm, uid, uid + "-New-2").isApplication());
        ResetSteps.await(mailbox, 1, uid + "@example.org", "password was changed");
    }

    @Test
    void readOnlyTheLoginStopsAndSaysWhereToChangeThePasswordUntilItIsChangedThere() {
        String uid = person("rita");
        String realm = realmWithDirectory("READ_ONLY");
        Flows.checkAfterPassword(admin, realm);
        admin.setPolicy(realm, Map.of("externalPasswordChangeUrl", CHANGE_URL, "supportContact", "helpdesk@example.org"));

        flagByEmail(realm, uid);
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, uid, uid + "-Old-1");
        assertEquals(200, page.status(), "a page, not a server error: " + text(page));
        assertTrue(page.has("#cc-blocked.cc-external"), page.title() + " " + text(page));
        assertTrue(page.text("#cc-blocked").contains("directory"), text(page));
        assertEquals(CHANGE_URL, page.document().selectFirst("#cc-external-link").attr("href"));
        assertTrue(text(page).contains("helpdesk@example.org"), text(page));
        assertFalse(page.has("#cc-reset-form") || page.has("#cc-step-up-form"), "nothing Keycloak could not do is offered");

        JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, uid)).json();
        assertEquals("ACTIVE", flag.get("state").asText(), flag.toString());
        assertEquals("external", flag.get("enforcementMode").asText(), "the admins see why: " + flag);

        // the same password again: still stopped
        assertTrue(new Browser(admin.baseUrl()).login(realm, uid, uid + "-Old-1").has("#cc-blocked.cc-external"));
        AdminApi.Reply grant = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", TestRealm.CLIENT_ID, "username", uid, "password", uid + "-Old-1"));
        assertEquals(400, grant.status(), "no token for the compromised password: " + grant);

        // changed where it lives: the next login with the new password resolves the flag and goes through
        slapd.setPassword(uid, uid + "-New-2");
        Browser.Page done = new Browser(admin.baseUrl()).login(realm, uid, uid + "-New-2");
        assertTrue(done.isApplication(), () -> done.title() + " " + text(done));
        flag = admin.get(ResetSteps.flagPath(admin, realm, uid)).json();
        assertEquals("RESOLVED", flag.get("state").asText(), flag.toString());
        assertEquals("directory-password-changed", flag.get("resolution").asText(), flag.toString());
        ResetSteps.await(mailbox, 1, uid + "@example.org", "password was changed");
    }

    /**
     * Without the check in the flow, no login's typed password is seen; the directory's own password-change time, mapped
     * read-only, is what shows the password was changed there. The compromised password still stops the login until then.
     */
    @Test
    void readOnlyTheDirectorysPasswordChangeTimeResolvesTheFlag() {
        String uid = person("ruth");
        String realm = realmWithDirectory("READ_ONLY", "Example Corp");
        mapReadOnly(realm, "pwdChangedTime", "pwdChangedTime");
        admin.setPolicy(realm, Map.of("externalPasswordChangeUrl", CHANGE_URL, "supportContact", "helpdesk@example.org"));

        flagByEmail(realm, uid);
        mailbox.await(uid + "@example.org", "Action needed");
        try (Chromium chromium = Chromium.start()) {
            // as the user sees it, in a real browser (the picture in docs/federation.md)
            WebDriver browser = chromium.driver();
            browser.get(admin.baseUrl() + "/realms/" + realm + "/account/");
            waitFor(browser, By.id("username"));
            browser.findElement(By.id("username")).sendKeys(uid);
            browser.findElement(By.id("password")).sendKeys(uid + "-Old-1");
            browser.findElement(By.id("kc-login")).click();
            waitFor(browser, By.id("cc-blocked"));
            assertTrue(browser.findElement(By.id("cc-blocked")).getText().contains("directory"));
            assertEquals(CHANGE_URL, browser.findElement(By.id("cc-external-link")).getAttribute("href"));
            chromium.screenshot("page-directory-password");
        }
        assertTrue(new Browser(admin.baseUrl()).login(realm, uid, uid + "-Old-1").has("#cc-blocked.cc-external"));

        Mailbox.sleep(1_100); // the directory keeps the time to the second: the change must fall in a later one
        slapd.setPassword(uid, uid + "-New-2");
        assertNotNull(slapd.passwordChangedTime(uid), "the test directory keeps pwdChangedTime (ppolicy)");
        assertTrue(new Browser(admin.baseUrl()).login(realm, uid, uid + "-Old-1").has("#kc-form-login"),
                "the old password no longer opens the directory");

        Browser.Page done = new Browser(admin.baseUrl()).login(realm, uid, uid + "-New-2");
        assertTrue(done.isApplication(), () -> done.title() + " " + text(done));
        JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, uid)).json();
        assertEquals("RESOLVED", flag.get("state").asText(), flag.toString());
        assertEquals("directory-password-changed", flag.get("resolution").asText(), flag.toString());
        ResetSteps.await(mailbox, 1, uid + "@example.org", "password was changed");
    }

    @Test
    void unsyncedTheNewPasswordIsKeptInKeycloakAndTheDirectoryKeepsItsOwn() {
        String uid = person("uma");
        String realm = realmWithDirectory("UNSYNCED");
        admin.setPolicy(realm, Map.of("emailOnResolve", "false"));

        flagByEmail(realm, uid);
        mailbox.await(uid + "@example.org", "Action needed");
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page page = browser.login(realm, uid, uid + "-Old-1");
        assertTrue(page.has("#cc-step-up-form"), page.title() + " " + text(page));
        String stepUp = code(mailbox.await(uid + "@example.org", realm + " confirmation code"));
        page = browser.submit(page, "#cc-step-up-form", Map.of("cc-code", stepUp, "cc-action", "verify"));
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", uid + "-New-2", "password-confirm", uid + "-New-2"));
        Browser.Page done = page;
        assertTrue(done.isApplication(), () -> done.title() + " " + text(done));
        assertEquals("RESOLVED", admin.get(ResetSteps.flagPath(admin, realm, uid)).json().get("state").asText());

        assertTrue(new Browser(admin.baseUrl()).login(realm, uid, uid + "-New-2").isApplication(), "Keycloak takes the new one");
        assertFalse(new Browser(admin.baseUrl()).login(realm, uid, uid + "-Old-1").isApplication(), "and no longer the old one");
        assertTrue(slapd.bindsWith(uid, uid + "-Old-1"), "UNSYNCED: the directory still has the compromised password");
    }

    @Test
    void aDirectoryPasswordIsCheckedForBreachesAtLoginAndANewOneBeforeItReachesTheDirectory() {
        String uid = "bea-" + UUID.randomUUID().toString().substring(0, 6);
        String breached = "Breached-" + uid;
        String alsoBreached = "Breached-Again-" + uid;
        FakeHibp.instance().breached(breached, 1_200);
        FakeHibp.instance().breached(alsoBreached, 75);
        slapd.addPerson(uid, uid + "@example.org", breached);
        String realm = realmWithDirectory("WRITABLE");
        assertEquals(204, admin.put("/admin/realms/" + realm, Map.of("passwordPolicy", "notCompromised(1)")).status());
        Flows.checkAfterPassword(admin, realm);
        admin.setPolicy(realm, Map.of("breachCheckAtLogin", "true", "enforcementMode", "reset", "emailOnFlag", "false",
                "emailOnResolve", "false"));

        // the directory accepted the password; the check at login finds it breached and flags the account
        Browser browser = new Browser(admin.baseUrl());
        Browser.Page atLogin = browser.login(realm, uid, breached);
        assertTrue(atLogin.has("#cc-reset-form"), () -> atLogin.title() + " " + text(atLogin) + " "
                + admin.get("/admin/realms/" + realm + "/compromised-credentials/batches").body());
        Browser.Page page = atLogin;
        JsonNode flag = admin.get(ResetSteps.flagPath(admin, realm, uid)).json();
        assertEquals("breached-password", flag.get("reason").asText(), flag.toString());

        // a new password that is breached too is refused before it is written to the directory
        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", alsoBreached, "password-confirm", alsoBreached));
        assertTrue(text(page).contains("known data breaches"), text(page));
        assertFalse(slapd.bindsWith(uid, alsoBreached), "the refused password never reached the directory");

        page = browser.submit(page, "#cc-reset-form", Map.of("password-new", uid + "-Fresh-77", "password-confirm", uid + "-Fresh-77"));
        Browser.Page done = page;
        assertTrue(done.isApplication(), () -> done.title() + " " + text(done));
        assertTrue(slapd.bindsWith(uid, uid + "-Fresh-77"));
        assertFalse(slapd.bindsWith(uid, breached));
    }

    // ---- helpers

    /** A person in the directory only (Keycloak has not imported them): {@code <name>-<run>}, password {@code <uid>-Old-1}. */
    private static String person(String name) {
        String uid = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        slapd.addPerson(uid, uid + "@example.org", uid + "-Old-1");
        return uid;
    }

    /** A realm without local users whose users come from the test's slapd, in {@code editMode}, with import on. */
    private static String realmWithDirectory(String editMode) {
        return realmWithDirectory(editMode, null);
    }

    private static String realmWithDirectory(String editMode, String displayName) {
        TestRealm template = TestRealm.named("ldap-" + editMode.toLowerCase().replace('_', '-')).smtp(mailbox.port());
        String realm = (displayName == null ? template : template.displayName(displayName)).create(admin);
        String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
        Map<String, List<String>> config = slapd.keycloakFederation(editMode, "entryUUID");
        AdminApi.Reply made = admin.post("/admin/realms/" + realm + "/components", Map.of("name", "directory", "providerId", "ldap",
                "providerType", "org.keycloak.storage.UserStorageProvider", "parentId", realmId, "config", config));
        assertEquals(201, made.status(), made.toString());
        return realm;
    }

    /** Maps an LDAP attribute to a user attribute, read-only and always read from the directory. */
    private static void mapReadOnly(String realm, String ldapAttribute, String userAttribute) {
        JsonNode federation = admin.get("/admin/realms/" + realm + "/components?type=org.keycloak.storage.UserStorageProvider").json();
        assertEquals(1, federation.size(), federation.toString());
        Map<String, List<String>> config = Map.of("ldap.attribute", List.of(ldapAttribute), "user.model.attribute",
                List.of(userAttribute), "read.only", List.of("true"), "always.read.value.from.ldap", List.of("true"),
                "is.mandatory.in.ldap", List.of("false"), "is.binary.attribute", List.of("false"));
        AdminApi.Reply made = admin.post("/admin/realms/" + realm + "/components", Map.of("name", ldapAttribute,
                "providerId", "user-attribute-ldap-mapper", "providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper",
                "parentId", federation.get(0).get("id").asText(), "config", config));
        assertEquals(201, made.status(), made.toString());
    }

    private static JsonNode flagByEmail(String realm, String uid) {
        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "feed",
                "reason", "credential-leak", "subjects", List.of(Map.of("email", uid + "@example.org"))));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }

    private static void waitFor(WebDriver browser, By element) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.findElements(element).isEmpty());
    }

    private static String text(Browser.Page page) {
        return page.document() == null ? page.uri().toString() : page.document().body().text();
    }
}
