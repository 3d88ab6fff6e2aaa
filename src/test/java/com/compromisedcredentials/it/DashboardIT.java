package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the real Keycloak: an admin signs in through the realm's
 * login page (authorization code with PKCE), approves a held batch from the link in the held-batch email and
 * sees its flags, reverts a batch, works it with the keyboard and on a phone-sized screen; a user without the
 * realm-management roles sees nothing and can change nothing. Screenshots go to target/screenshots
 * (docs/screenshots with -Pscreenshots).
 */
@ExtendWith(KeycloakExtension.class)
@H2PassOnly
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AdminApi admin;
    /** Each test's own realm mails here (the realms share usernames, so the mailboxes must not be shared). */
    private Mailbox mailbox;
    private Chromium chromium;
    private ChromeDriver browser;

    DashboardIT(AdminApi admin) {
        this.admin = admin;
    }

    @BeforeEach
    void start() {
        mailbox = Mailbox.scripted(); // passes everything through unless a test scripts it
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        mailbox.close();
    }

    @Test
    void adminApprovesAHeldBatchFromTheEmailLinkAndSeesItsFlags() {
        String realm = realm(Map.of("maxFlagsPerHour", "3", "heldBatchNotify", "secops@example.com"));
        submit(realm, "hibp-feed", "credential-leak", "u01", "u02");
        submit(realm, "soc-phishing", "phishing", "u03");
        JsonNode held = submit(realm, "siem-stuffing", "suspicious-activity", "u04", "u05", "u06", "u07", "u08");
        assertEquals("HELD", held.get("state").asText(), held.toString());
        String batchId = held.get("batchId").asText();

        // the admins' email links to the dashboard's held batches
        Mailbox.Mail mail = mailbox.await("secops@example.com", "wait for your approval");
        Matcher link = Pattern.compile("(http://\\S+/compromised-credentials/console/#held-batches)").matcher(mail.text());
        assertTrue(link.find(), "a dashboard link in: " + mail.text());
        assertEquals(admin.baseUrl() + "/realms/" + realm + "/compromised-credentials/console/#held-batches", link.group(1));
        assertTrue(mail.html().contains("href=\"" + link.group(1) + "\""), mail.html());

        browser.get(link.group(1));
        signIn("alice", "alice-Passw0rd");
        WebElement row = waitFor(By.cssSelector("#cc-held tr[data-batch-id='" + batchId + "']"));
        assertTrue(row.getText().contains("siem-stuffing"), row.getText());
        assertTrue(row.getText().contains("Suspicious activity"), row.getText());
        assertTrue(row.getText().contains("the limit is 3 per hour"), row.getText());
        assertTrue(row.getText().contains("(the standard text of the reason)"), "what users will read: " + row.getText());
        assertEquals("1", text("#cc-count-held dd"));
        assertEquals("3", text("#cc-count-active dd"));
        assertEquals("Signed in as alice", text("#cc-user"));
        assertTrue(browser.getCurrentUrl().endsWith("/console/#held-batches"), "the address is clean after the sign-in: " + browser.getCurrentUrl());
        chromium.viewport(1280, 1130, false);
        browser.executeScript("window.scrollTo(0, 0)");
        chromium.screenshot("dashboard");
        chromium.wide();

        row.findElement(By.cssSelector("button[data-action=approve]")).click();
        WebElement dialog = waitFor(By.cssSelector("#cc-dialog[open]"));
        assertTrue(dialog.getText().contains("Approve the batch from siem-stuffing?"), dialog.getText());
        assertTrue(dialog.getText().contains("5 users will be flagged"), dialog.getText());
        browser.findElement(By.id("cc-dialog-confirm")).click();

        waitForText("#cc-status", "Batch approved: 5 users flagged.");
        waitForText("#cc-held", "No batch is waiting for approval.");
        for (String user : List.of("u04", "u05", "u06", "u07", "u08")) {
            WebElement flag = waitFor(By.cssSelector("#cc-flags tr[data-user='" + user + "']"));
            assertTrue(flag.getText().contains("Active") && flag.getText().contains("siem-stuffing"), flag.getText());
        }
        assertEquals("8", text("#cc-count-active dd"));
        assertEquals("0", text("#cc-count-held dd"));
        browser.executeScript("document.getElementById('flags').scrollIntoView()");
        chromium.screenshot("dashboard-flags");
        assertEquals("APPLIED", admin.get(base(realm) + "/batches/" + batchId).json().get("state").asText());
        assertEquals("alice", admin.get(base(realm) + "/batches/" + batchId).json().get("decidedBy").asText());
        assertEquals("ACTIVE", admin.get(flagOf(realm, "u08")).json().get("state").asText());

        // nothing was refused by the page's own policy, and no script failed
        List<LogEntry> problems = chromium.consoleMessages().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertEquals(List.of(), problems);
    }

    @Test
    void adminRevertsABatchAndChoosesTheCorrectionEmail() {
        String realm = realm(Map.of());
        String batchId = submit(realm, "breach-feed", "credential-leak", "u01", "u02", "u03").get("batchId").asText();
        submit(realm, "soc-phishing", "phishing", "u04");
        mailbox.await("u01@example.com", "choose a new password");

        openDashboard(realm);
        signIn("alice", "alice-Passw0rd");
        WebElement row = waitFor(By.cssSelector("#cc-recent tr[data-batch-id='" + batchId + "']"));
        assertTrue(row.getText().contains("Applied"), row.getText());
        row.findElement(By.cssSelector("button[data-action=revert]")).click();
        waitFor(By.cssSelector("#cc-dialog[open]"));
        WebElement notify = browser.findElement(By.id("cc-revert-notify"));
        assertTrue(notify.isSelected(), "a correction email is offered by default");
        assertEquals("cc-revert-notify", browser.switchTo().activeElement().getAttribute("id"), "focus is in the dialog");
        chromium.screenshot("dashboard-revert");
        browser.findElement(By.id("cc-dialog-confirm")).click();

        waitForText("#cc-status", "Batch reverted: 3 flags lifted");
        waitForText("#cc-recent tr[data-batch-id='" + batchId + "']", "Reverted by alice");
        assertTrue(browser.findElements(By.cssSelector("#cc-recent tr[data-batch-id='" + batchId + "'] button")).isEmpty(),
                "a reverted batch cannot be reverted again");
        assertEquals("REVERTED", admin.get(flagOf(realm, "u01")).json().get("state").asText());
        assertEquals("ACTIVE", admin.get(flagOf(realm, "u04")).json().get("state").asText(), "other batches are untouched");
        mailbox.await("u01@example.com", "Please ignore our earlier message");

        // the flags list follows: u04 is still active and can be found and dismissed
        browser.findElement(By.id("cc-flag-query")).sendKeys("u04", Keys.ENTER);
        waitFor(By.cssSelector("#cc-flags[data-query='u04'][aria-busy=false]"));
        assertEquals(1, browser.findElements(By.cssSelector("#cc-flags tbody tr")).size());
        browser.findElement(By.cssSelector("#cc-flags tr[data-user='u04'] button[data-action=dismiss]")).click();
        waitFor(By.cssSelector("#cc-dialog[open]"));
        browser.findElement(By.id("cc-dialog-confirm")).click();
        waitForText("#cc-status", "The flag of u04 was dismissed.");
        assertEquals("DISMISSED", admin.get(flagOf(realm, "u04")).json().get("state").asText());
    }

    @Test
    void adminSeesAStagedBatchsSliceAndHealthAndDropsItsRest() {
        String realm = realm(Map.of("canaryThreshold", "5", "canarySize", "3", "canaryWatchMinutes", "60"));
        JsonNode batch = submit(realm, "breach-feed", "credential-leak", "u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08",
                "u09", "u10");
        assertEquals("CANARY", batch.get("state").asText(), batch.toString());
        String batchId = batch.get("batchId").asText();
        for (JsonNode flag : admin.get(base(realm) + "/flags?state=ACTIVE").json()) {
            mailbox.await(flag.get("username").asText() + "@example.com", "choose a new password");
        }

        openDashboard(realm);
        signIn("alice", "alice-Passw0rd");
        WebElement row = waitFor(By.cssSelector("#cc-recent tr[data-batch-id='" + batchId + "']"));
        assertTrue(row.getText().contains("Staged"), row.getText());
        assertTrue(row.getText().contains("3 applied, 7 waiting"), row.getText());
        assertTrue(row.getText().contains("Passwords that differ 0 of 0"), row.getText());
        assertTrue(row.getText().contains("Rest applied after "), row.getText());
        assertFalse(row.getText().contains("[object"), "every figure in words: " + row.getText());
        for (String action : new String[] {"continue", "revert", "drop-rest"}) {
            assertEquals(1, row.findElements(By.cssSelector("button[data-action=" + action + "]")).size(), action);
        }
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", row);
        chromium.screenshot("dashboard-staged");

        row.findElement(By.cssSelector("button[data-action=drop-rest]")).click();
        waitFor(By.cssSelector("#cc-dialog[open]"));
        browser.findElement(By.id("cc-dialog-confirm")).click();
        waitForText("#cc-status", "The rest dropped: 7 accounts never flagged.");
        JsonNode after = admin.get(base(realm) + "/batches/" + batchId).json();
        assertEquals("APPLIED", after.get("state").asText(), after.toString());
        assertEquals(7, after.get("canary").get("restDropped").asInt(), after.toString());
        assertEquals(3, admin.get(base(realm) + "/flags?state=ACTIVE").json().size(), "the slice stays as it is");
    }

    @Test
    void adminChangesTheRealmPolicyWhereTheAdminConsoleStoresIt() {
        String realm = realm(Map.of("maxFlagsPerHour", "40"));
        openDashboard(realm);
        signIn("alice", "alice-Passw0rd");
        WebElement limit = waitFor(By.id("policy-maxFlagsPerHour"));
        assertEquals("40", limit.getAttribute("value"));
        assertEquals("Blast radius: new flags per hour", browser.findElement(By.cssSelector("label[for=policy-maxFlagsPerHour]")).getText());
        limit.clear();
        limit.sendKeys("lots");
        browser.findElement(By.id("cc-policy-save")).click();
        waitForText("#cc-alert", "maxFlagsPerHour must be a whole number");
        assertEquals(40, admin.get(base(realm) + "/policy").json().get("maxFlagsPerHour").asInt(), "a refused value changes nothing");

        limit = browser.findElement(By.id("policy-maxFlagsPerHour"));
        limit.clear();
        limit.sendKeys("25");
        browser.findElement(By.id("policy-emailOnFlag")).sendKeys(Keys.SPACE); // with the keyboard, as a checkbox is toggled
        browser.findElement(By.id("cc-policy-save")).sendKeys(Keys.ENTER);
        waitForText("#cc-status", "The realm policy was saved.");
        JsonNode stored = admin.get("/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET/config").json().get("config");
        assertEquals("25", stored.get("maxFlagsPerHour").asText());
        assertEquals("false", stored.get("emailOnFlag").asText());
        assertFalse(stored.has("stepUpCodeLength"), "untouched settings keep following the defaults: " + stored);
    }

    @Test
    void theDashboardSaysWhenTheRealmDoesNotFullyEnforceItsFlags() {
        String realm = realm(Map.of());
        String action = "/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET";
        openDashboard(realm);
        signIn("alice", "alice-Passw0rd");
        waitFor(By.id("policy-maxFlagsPerHour"));
        assertFalse(browser.findElement(By.id("cc-enforcement")).isDisplayed(), "nothing to say while enforcement is on");

        // an admin drags the reset below the other required actions: weakened
        JsonNode model = admin.get(action).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) model).put("priority", 100_000);
        assertEquals(204, admin.put(action, model).status());
        browser.navigate().refresh();
        waitForText("#cc-enforcement", "Enforcement is weakened");

        // and disables it: off
        ((com.fasterxml.jackson.databind.node.ObjectNode) model).put("enabled", false);
        assertEquals(204, admin.put(action, model).status());
        browser.navigate().refresh();
        waitForText("#cc-enforcement", "Enforcement is off");
    }

    @Test
    void userWithoutTheRolesSeesNothingAndCanChangeNothing() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        String batchId = submit(realm, "siem-stuffing", "suspicious-activity", "u01", "u02").get("batchId").asText();
        submit(realm, "hibp-feed", "credential-leak", "u03");

        openDashboard(realm);
        signIn("bob", "bob-Passw0rd");
        waitForText("#cc-denied", "You are signed in as bob, but you do not have the roles");
        assertFalse(browser.findElement(By.id("cc-app")).isDisplayed());
        String page = browser.getPageSource();
        for (String secret : List.of(batchId, "siem-stuffing", "u01", "u03")) {
            assertFalse(page.contains(secret), "the page shows nothing of the realm's data: " + secret);
        }
        assertTrue(browser.findElements(By.cssSelector("button[data-action]")).isEmpty());
        chromium.screenshot("dashboard-no-access");

        // and the API refuses bob's token whatever he sends
        String token = admin.passwordGrant(realm, "bob", "bob-Passw0rd");
        assertEquals(403, admin.call("GET", base(realm) + "/batches?state=HELD", null, token).status());
        assertEquals(403, admin.call("POST", base(realm) + "/batches/" + batchId + "/approve", null, token).status());
        assertEquals(403, admin.call("DELETE", flagOf(realm, "u03"), null, token).status());
        assertEquals(403, admin.call("PUT", "/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET/config",
                "{\"config\":{\"maxFlagsPerHour\":\"100000\"}}", token).status());
        assertEquals("HELD", admin.get(base(realm) + "/batches/" + batchId).json().get("state").asText());
        assertEquals("ACTIVE", admin.get(flagOf(realm, "u03")).json().get("state").asText());
        assertEquals(1, admin.get(base(realm) + "/policy").json().get("maxFlagsPerHour").asInt());
    }

    @Test
    void viewerSeesTheBatchesButNoActions() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        String batchId = submit(realm, "siem-stuffing", "suspicious-activity", "u01", "u02").get("batchId").asText();
        openDashboard(realm);
        signIn("viewer", "viewer-Passw0rd");
        waitFor(By.cssSelector("#cc-held tr[data-batch-id='" + batchId + "']"));
        assertTrue(browser.findElement(By.id("cc-read-only")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("button[data-action]")).isEmpty());
        waitForText("#cc-policy-body", "Editing them needs the realm-management role manage-realm");
    }

    @Test
    void keyboardOnlyAndPhoneSizedScreen() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        String batchId = submit(realm, "siem-stuffing", "suspicious-activity", "u01", "u02").get("batchId").asText();
        submit(realm, "hibp-feed", "credential-leak", "u03");
        openDashboard(realm);
        signIn("alice", "alice-Passw0rd");
        waitFor(By.cssSelector("#cc-held tr[data-batch-id='" + batchId + "']"));

        // every control has a label or a name a screen reader can say
        Object unnamed = browser.executeScript(
                "return [...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0).map(e => e.id)"
                        + ".concat([...document.querySelectorAll('button')].filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).map(b => b.outerHTML))");
        assertEquals(List.of(), unnamed);

        // Tab from the top of the page to the held batch's Approve button, open its dialog with Enter, leave it with Escape
        browser.executeScript("document.activeElement.blur(); window.scrollTo(0, 0)");
        WebElement approve = browser.findElement(By.cssSelector("#cc-held tr[data-batch-id='" + batchId + "'] button[data-action=approve]"));
        Actions keys = new Actions(browser);
        int presses = 0;
        while (!approve.equals(browser.switchTo().activeElement()) && presses++ < 40) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertTrue(presses < 40, "the Approve button is reachable with Tab");
        assertEquals("Approve the batch from siem-stuffing received " + browser.executeScript(
                "return document.querySelector('#cc-held time').textContent"), approve.getAttribute("aria-label"));
        keys.sendKeys(Keys.ENTER).perform();
        waitFor(By.cssSelector("#cc-dialog[open]"));
        assertEquals("cc-dialog-cancel", browser.switchTo().activeElement().getAttribute("id"), "focus moves into the dialog");
        keys.sendKeys(Keys.ESCAPE).perform();
        waitUntil(() -> browser.findElements(By.cssSelector("#cc-dialog[open]")).isEmpty());
        assertEquals(approve, browser.switchTo().activeElement(), "focus comes back to the button");
        assertEquals("HELD", admin.get(base(realm) + "/batches/" + batchId).json().get("state").asText(), "Escape changed nothing");

        // a phone-sized screen: nothing wider than the screen, tables become labelled cards
        chromium.viewport(360, 740, true);
        waitUntil(() -> ((Number) browser.executeScript("return window.innerWidth")).intValue() == 360);
        Number overflow = (Number) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(overflow.intValue() <= 0, "no sideways scrolling at 360 px: " + overflow);
        assertEquals("block", browser.executeScript("return getComputedStyle(document.querySelector('#cc-held tbody tr')).display"));
        browser.executeScript("document.getElementById('held-batches').scrollIntoView()");
        chromium.screenshot("dashboard-narrow");
        chromium.wide();

        // approve with the keyboard: Enter opens, Tab reaches Confirm, Enter confirms; the focus then goes to
        // the section's heading, not to the top of the page, since the button is gone
        approve.sendKeys(Keys.ENTER);
        waitFor(By.cssSelector("#cc-dialog[open]"));
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("cc-dialog-confirm", browser.switchTo().activeElement().getAttribute("id"));
        keys.sendKeys(Keys.ENTER).perform();
        waitForText("#cc-status", "Batch approved: 2 users flagged.");
        waitUntil(() -> "held-title".equals(browser.switchTo().activeElement().getAttribute("id")));
    }

    @Test
    void masterAdminManagesAnotherRealmThroughTheMasterRealm() {
        String realm = realm(Map.of("maxFlagsPerHour", "1"));
        String batchId = submit(realm, "siem-stuffing", "suspicious-activity", "u01", "u02").get("batchId").asText();
        openDashboard(realm);
        WebElement serverAdmin = waitFor(By.id("cc-server-admin-link"));
        assertEquals(admin.baseUrl() + "/realms/master/compromised-credentials/console/?realm=" + realm, serverAdmin.getAttribute("href"));
        serverAdmin.click();
        signIn(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        waitFor(By.cssSelector("#cc-held tr[data-batch-id='" + batchId + "'] button[data-action=approve]"));
        assertEquals("Example Corp", text("#cc-realm"));
    }

    @Test
    void pageIsServedUnderAStrictPolicyWithNothingFromElsewhere() throws Exception {
        String realm = realm(Map.of());
        HttpClient http = HttpClient.newHttpClient();
        String console = admin.baseUrl() + "/realms/" + realm + "/compromised-credentials/console";
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, redirect.statusCode());
        assertEquals(console + "/", redirect.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertEquals(1, page.headers().allValues("Content-Security-Policy").size());
        for (String directive : List.of("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'")) {
            assertTrue(csp.contains(directive + ";") || csp.endsWith(directive), directive + " in " + csp);
        }
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        String html = page.body();
        assertFalse(Pattern.compile("<script(?![^>]*(type=\"application/json\"|src=\"dashboard\\.js\"))").matcher(html).find(),
                "only the module and JSON data: " + html);
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing loaded from another origin: " + html);
        assertFalse(html.contains(" style="), "no inline styles");

        for (String asset : List.of("dashboard.js", "oidc.js", "api.js", "view.js", "dashboard.css", "icon.svg")) {
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(console + "/" + asset)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, file.statusCode(), asset);
            if (!asset.endsWith(".svg")) { // an SVG names its XML namespace, which is never fetched
                assertFalse(file.body().contains("http://") || file.body().contains("https://"), asset + " names no other origin");
            }
        }
        for (String other : List.of("index.html", "..%2Fconsole", "dashboard.js.map", "secret.txt")) {
            int status = http.send(HttpRequest.newBuilder(URI.create(console + "/" + other)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertTrue(status == 404 || status == 400, other + " answered " + status);
        }

        // the sign-in client: public, code flow only, PKCE S256, redirects to the dashboard only
        JsonNode client = admin.get("/admin/realms/" + realm + "/clients?clientId=compromised-credentials-console").json().get(0);
        assertNotNull(client);
        assertTrue(client.get("publicClient").asBoolean());
        assertFalse(client.get("directAccessGrantsEnabled").asBoolean());
        assertEquals("S256", client.get("attributes").get("pkce.code.challenge.method").asText());
        String authorize = admin.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=compromised-credentials-console"
                + "&response_type=code&scope=openid&redirect_uri=" + AdminApi.enc(console + "/");
        HttpResponse<String> noPkce = http.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(noPkce.body().contains("Missing parameter: code_challenge_method") || noPkce.statusCode() == 302
                        && noPkce.headers().firstValue("Location").orElse("").contains("error=invalid_request"),
                "a sign-in without PKCE is refused: " + noPkce.statusCode() + " " + noPkce.headers().map());
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create(authorize.replace(AdminApi.enc(console + "/"),
                AdminApi.enc("http://127.0.0.1:9/steal")) + "&code_challenge_method=S256&code_challenge=" + "a".repeat(43))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(elsewhere.body().contains("Invalid parameter: redirect_uri"), "no other redirect: " + elsewhere.body());
    }

    @Test
    void adminSeesWhoseEmailBouncedAndWasNeverTold() {
        String realm = realm(Map.of());
        mailbox.relay().refuse("u02@example.com");
        submit(realm, "hibp-feed", "credential-leak", "u01", "u02");
        mailbox.await("u01@example.com", "choose a new password");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (admin.get(flagOf(realm, "u02")).json().get("notification").asText().equals("queued") && System.nanoTime() < deadline) {
            Mailbox.sleep(200);
        }

        openDashboard(realm);
        signIn("alice", "alice-Passw0rd");
        WebElement bounce = waitFor(By.cssSelector("#cc-bounced tr[data-user='u02']"));
        assertTrue(bounce.getText().contains("Flag notice") && bounce.getText().contains("550 5.1.1"), bounce.getText());
        assertEquals("1", text("#cc-count-bounced dd"));
        assertTrue(browser.findElement(By.id("cc-count-bounced")).getAttribute("class").contains("tile-alert"));
        WebElement flag = waitFor(By.cssSelector("#cc-flags tr[data-user='u02']"));
        assertTrue(flag.getText().contains("Bounced: 550"), "the flag says its email bounced: " + flag.getText());
        assertFalse(text("body").contains("u02@example.com"), "addresses are masked");
        assertTrue(browser.findElements(By.cssSelector("#cc-bounced tr[data-user='u01']")).isEmpty(), "u01 was told");
    }

    // ---- helpers

    private String realm(Map<String, String> policy) {
        String realm = TestRealm.named("dash").displayName("Example Corp").smtp(mailbox.port()).users("u", 10)
                .user("alice", "alice-Passw0rd", "realm-admin")
                .user("viewer", "viewer-Passw0rd", "view-users")
                .user("bob", "bob-Passw0rd")
                .create(admin);
        if (!policy.isEmpty()) {
            admin.setPolicy(realm, policy);
        }
        return realm;
    }

    private JsonNode submit(String realm, String source, String reason, String... usernames) {
        AdminApi.Reply reply = admin.post(base(realm) + "/signals", Map.of("source", source, "reason", reason,
                "subjects", Arrays.stream(usernames).map(u -> Map.of("username", u)).toList()));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }

    private void openDashboard(String realm) {
        browser.get(admin.baseUrl() + "/realms/" + realm + "/compromised-credentials/console/");
    }

    /** The dashboard's sign-in button, then Keycloak's own login page. */
    private void signIn(String username, String password) {
        waitFor(By.id("cc-sign-in")).click();
        waitFor(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        waitUntil(() -> browser.getCurrentUrl().contains("/compromised-credentials/console/")
                && !browser.findElements(By.id("cc-who")).isEmpty() && browser.findElement(By.id("cc-who")).isDisplayed());
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, WAIT).withMessage(() -> "no " + locator + " on " + browser.getCurrentUrl() + ":\n"
                + browser.findElement(By.tagName("body")).getText()).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void waitForText(String css, String text) {
        new WebDriverWait(browser, WAIT).withMessage(() -> "'" + text + "' not in " + css + ": "
                        + browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).withMessage(() -> "on " + browser.getCurrentUrl() + ":\n"
                + browser.findElement(By.tagName("body")).getText()).until(d -> condition.getAsBoolean());
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private String flagOf(String realm, String username) {
        return base(realm) + "/users/" + admin.userId(realm, username) + "/flag";
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }
}
