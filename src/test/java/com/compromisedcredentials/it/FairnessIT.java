package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.compromisedcredentials.ssf.TestTransmitter;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Background work is fair across realms: one realm's email backlog at a low rate does not keep another realm's emails
 * waiting, and one realm's slow transmitter does not keep another realm's SETs waiting.
 */
@ExtendWith(KeycloakExtension.class)
class FairnessIT {

    private static Mailbox mailbox;
    private final AdminApi admin;

    FairnessIT(AdminApi admin) {
        this.admin = admin;
    }

    @BeforeAll
    static void startMailbox() {
        mailbox = Mailbox.start();
    }

    @AfterAll
    static void stopMailbox() {
        mailbox.close();
    }

    @Test
    void aRealmWithABacklogAtOneEmailAMinuteDoesNotHoldUpAnotherRealmsEmail() {
        // more waiting emails than one dispatcher run takes (outbox-batch-size, 200), at one a minute
        String busy = TestRealm.named("fair-busy").smtp(mailbox.port()).accounts("b", 230).create(admin);
        admin.setPolicy(busy, Map.of("emailsPerMinute", "1", "maxFlagsPerHour", "1000", "maxFlagsPerDayPercent", "100"));
        AdminApi.Reply backlog = admin.post(signals(busy), Map.of("source", "feed", "reason", "credential-leak",
                "subjects", IntStream.rangeClosed(1, 230).mapToObj(i -> Map.of("email", String.format("b%03d@example.com", i))).toList()));
        assertEquals("APPLIED", backlog.json().get("state").asText(), backlog.toString());
        // the 230 emails are in the outbox (written with the flags), ahead of anything queued from now on

        String quiet = TestRealm.named("fair-quiet").smtp(mailbox.port()).accounts("q", 1).create(admin);
        AdminApi.Reply one = admin.post(signals(quiet), Map.of("source", "feed", "reason", "credential-leak",
                "subjects", List.of(Map.of("email", "q001@example.com"))));
        assertEquals("APPLIED", one.json().get("state").asText(), one.toString());

        mailbox.await("q001@example.com", "password", Duration.ofSeconds(30));
        long busySent = IntStream.rangeClosed(1, 230).mapToLong(i -> mailbox.to(String.format("b%03d@example.com", i)).size()).sum();
        assertTrue(busySent <= 2, "the busy realm keeps to its one email a minute: " + busySent + " sent");
    }

    @Test
    void aSlowTransmitterOfOneRealmDoesNotHoldUpAnotherRealmsSets() throws Exception {
        try (TestTransmitter slow = TestTransmitter.start(); TestTransmitter fast = TestTransmitter.start()) {
            String slowRealm = TestRealm.named("fair-slow").accounts("s", 1).create(admin);
            String fastRealm = TestRealm.named("fair-fast").accounts("f", 1).create(admin);
            // the slow one is registered first: a poller that went one transmitter after the other would wait for it
            register(slowRealm, slow);
            slow.pollDelay(Duration.ofSeconds(8));
            String slowAudience = admin.baseUrl() + "/realms/" + slowRealm;
            for (int i = 0; i < 3; i++) {
                TestTransmitter.SetBuilder set = slow.set().audience(slowAudience).credentialCompromise("s001@example.com");
                slow.enqueue(set.jti(), set.sign());
            }
            register(fastRealm, fast);
            TestTransmitter.SetBuilder set = fast.set().audience(admin.baseUrl() + "/realms/" + fastRealm).credentialCompromise("f001@example.com");
            long queued = System.nanoTime();
            fast.enqueue(set.jti(), set.sign());

            String userId = admin.userId(fastRealm, "f001");
            JsonNode flag = null;
            while (flag == null && Duration.ofNanos(System.nanoTime() - queued).toSeconds() < 30) {
                AdminApi.Reply reply = admin.get(signals(fastRealm).replace("/signals", "/users/" + userId + "/flag"));
                flag = reply.status() == 200 ? reply.json() : null;
                Thread.sleep(200);
            }
            long waited = Duration.ofNanos(System.nanoTime() - queued).toMillis();
            assertTrue(flag != null && "ACTIVE".equals(flag.get("state").asText()), "the fast realm's SET was acted on");
            // polled every second: without waiting for the slow transmitter's 8-second answers (a poll of its backlog and
            // the acknowledgement, 16 s one after the other)
            assertTrue(waited < 7_000, "the fast realm's SET waited " + waited + " ms");
            slow.pollDelay(Duration.ZERO);
        }
    }

    private void register(String realm, TestTransmitter transmitter) {
        AdminApi.Reply created = admin.post("/admin/realms/" + realm + "/compromised-credentials/transmitters",
                transmitter.configJson("poll", admin.baseUrl() + "/realms/" + realm));
        assertEquals(201, created.status(), created.toString());
    }

    private static String signals(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials/signals";
    }
}
