package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin digest, as its recipients get it: once per period, with that period's figures, in the realm's language.
 * Test servers have "days" of {@link KeycloakServer#DIGEST_DAY_SECONDS}; everything the digest counts is done within
 * one of them, and the digest of the next one is awaited to show the first came once.
 */
@ExtendWith(KeycloakExtension.class)
@H2PassOnly
class DigestIT {

    private static final long DAY = KeycloakServer.DIGEST_DAY_SECONDS * 1000L;
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
    void theDigestComesOncePerPeriodWithThatPeriodsFigures() {
        String realm = TestRealm.named("digest").displayName("Example Shop").smtp(mailbox.port())
                .user("alice", "alice-Passw0rd").user("bob", "bob-Passw0rd").user("carol", "carol-Passw0rd")
                .user("erin", "erin-Passw0rd").userAttribute("erin", "email", null).create(admin);
        String german = TestRealm.named("digest-de").languages().defaultLocale("de").smtp(mailbox.port()).create(admin);
        admin.setPolicy(german, Map.of("digestFrequency", "daily", "digestRecipients", "de-admins@example.org"));

        awaitStartOfPeriod();
        long period = System.currentTimeMillis() / DAY;
        admin.setPolicy(realm, Map.of("digestFrequency", "daily", "digestRecipients", "soc@example.org; ciso@example.org",
                "maxFlagsPerHour", "3", "heldBatchNotify", "soc@example.org", "emailOnResolve", "false"));
        signal(realm, "feed-a", "credential-leak", "alice", "bob");
        signal(realm, "feed-b", "phishing", "erin");                    // no address: never told
        assertEquals("HELD", signal(realm, "feed-a", "credential-leak", "carol").get("state").asText());
        assertEquals(204, admin.put("/admin/realms/" + realm + "/users/" + admin.userId(realm, "bob") + "/reset-password",
                Map.of("type", "password", "value", "bob-New-Passw0rd-2", "temporary", false)).status());
        assertEquals(200, admin.delete(ResetSteps.flagPath(admin, realm, "alice")).status());
        String erin = ResetSteps.flagPath(admin, realm, "erin");
        for (int i = 0; i < 50 && !admin.get(erin).json().get("notification").asText().startsWith("skipped"); i++) {
            Mailbox.sleep(200); // the outbox gets to erin's email within a second or two, and finds no address
        }
        assertEquals("skipped: no email address", admin.get(erin).json().get("notification").asText());
        assertEquals(period, System.currentTimeMillis() / DAY, "everything happened within one period");

        Mailbox.Mail digest = mailbox.await("soc@example.org", "3 new flags", Duration.ofSeconds(3 * DAY / 1000));
        String text = digest.text();
        assertTrue(digest.subject().startsWith("Example Shop: compromised-credentials digest"), digest.subject());
        for (String line : List.of("New flags: 3", "Resolved (password changed): 1", "Dismissed by admins: 1",
                "Flagged users never told (email skipped, given up or bounced): 1", "Held batches waiting for approval (now): 1",
                "Attacks on the login detected and active (now): 0", "feed-a / credential-leak: 2", "feed-b / phishing: 1",
                "/compromised-credentials/console")) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
        mailbox.await("ciso@example.org", "3 new flags");

        // the next period's digest (nothing new in it) shows the first went out once to each recipient
        mailbox.await("ciso@example.org", "0 new flags", Duration.ofSeconds(3 * DAY / 1000));
        mailbox.await("soc@example.org", "0 new flags", Duration.ofSeconds(DAY / 1000));
        for (String recipient : List.of("soc@example.org", "ciso@example.org")) {
            assertEquals(1, mailbox.to(recipient).stream().filter(m -> m.subject().contains("3 new flags")).count(),
                    () -> recipient + ": " + mailbox.to(recipient));
        }
        Mailbox.Mail deutsch = mailbox.await("de-admins@example.org", "Übersicht kompromittierter Zugangsdaten");
        assertTrue(deutsch.text().contains("Neue Markierungen: 0"), deutsch.text());
    }

    /** Waits until a new period has just begun, so that what the test does falls within one. */
    private static void awaitStartOfPeriod() {
        while (System.currentTimeMillis() % DAY > 1_000) {
            Mailbox.sleep(200);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode signal(String realm, String source, String reason, String... usernames) {
        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", source,
                "reason", reason, "subjects", java.util.Arrays.stream(usernames).map(u -> Map.of("username", u)).toList()));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }
}
