package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The default step-up reset in real headless Chromium, as alice lives it: she is flagged, signs in with her
 * old password, reads the code from her email, confirms, chooses a new password and reaches the
 * application. Screenshots of each page go to target/screenshots (docs/screenshots with -Pscreenshots).
 */
@ExtendWith(KeycloakExtension.class)
class ResetInBrowserIT {

    @Test
    void aliceIsWalkedThroughTheResetInARealBrowser(AdminApi admin) {
        try (Mailbox mailbox = Mailbox.start(); Chromium chromium = Chromium.start()) {
            String realm = TestRealm.named("browser-reset").displayName("Example Shop").smtp(mailbox.port())
                    .user("alice", "alice-Passw0rd").create(admin);
            admin.setPolicy(realm, Map.of("supportContact", "help@example.com", "emailOnFlag", "false"));
            assertEquals(201, admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                    "source", "breach-feed", "reason", "credential-leak",
                    "userMessage", "Your email address and password appeared together in the ExampleForum breach of 2 November.",
                    "subjects", List.of(Map.of("username", "alice")))).status());

            WebDriver browser = chromium.driver();
            browser.get(admin.baseUrl() + "/realms/" + realm + "/account/");
            waitFor(browser, By.id("username"));
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys("alice-Passw0rd");
            browser.findElement(By.id("kc-login")).click();

            waitFor(browser, By.id("cc-step-up-form"));
            assertTrue(browser.findElement(By.id("cc-reason")).getText().contains("ExampleForum breach"));
            chromium.screenshot("page-step-up");

            Mailbox.Mail mail = mailbox.await("alice@example.com", "Example Shop confirmation code");
            Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(mail.text());
            assertTrue(code.find(), mail.text());
            browser.findElement(By.id("cc-code")).sendKeys(code.group(1));
            browser.findElement(By.id("cc-verify")).click();

            waitFor(browser, By.id("cc-reset-form"));
            chromium.screenshot("page-new-password");
            browser.findElement(By.id("password-new")).sendKeys("alice-Passw0rd");
            browser.findElement(By.id("password-confirm")).sendKeys("alice-Passw0rd");
            browser.findElement(By.id("cc-submit")).click();
            waitFor(browser, By.id("input-error-password-new"));
            assertTrue(browser.findElement(By.id("input-error-password-new")).getText().contains("known to others"));
            chromium.screenshot("page-reset-refused");

            browser.findElement(By.id("password-new")).sendKeys("a-Brand-New-Passw0rd-42");
            browser.findElement(By.id("password-confirm")).sendKeys("a-Brand-New-Passw0rd-42");
            browser.findElement(By.id("cc-submit")).click();

            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("/account"));
            assertTrue(browser.getCurrentUrl().startsWith(admin.baseUrl() + "/realms/" + realm + "/account"), browser.getCurrentUrl());
            assertEquals("RESOLVED", admin.get("/admin/realms/" + realm + "/compromised-credentials/users/"
                    + admin.userId(realm, "alice") + "/flag").json().get("state").asText());
        }
    }

    private static void waitFor(WebDriver browser, By element) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.findElements(element).isEmpty());
    }
}
