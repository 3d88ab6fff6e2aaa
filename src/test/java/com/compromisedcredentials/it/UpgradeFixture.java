package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.ssf.TestTransmitter;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Writes the database that {@link UpgradeIT} upgrades: a released jar's data, as that jar wrote it. Not part of the
 * suite (the name does not end in IT); {@code bench/upgrade-fixture.sh <version>} builds the released jar from its tag
 * and runs this with {@code -Dit.test=UpgradeFixture -Dupgrade.fixture.jar=... -Dupgrade.fixture.out=...}.
 *
 * <p>One realm, {@code upgrade-*}, whose SMTP server is down while the data is written (so the emails wait in the
 * outbox): batches APPLIED (and reverted), HELD; flags ACTIVE (u01, and u08 from a Shared Signals SET), RESOLVED (u02),
 * DISMISSED (u03), REVERTED (u04); a push transmitter with its receipt; login-signal counters. Passwords are
 * {@code <username>-Passw0rd}.
 */
class UpgradeFixture {

    @Test
    void write() throws Exception {
        Path jar = Path.of(required("upgrade.fixture.jar"));
        Path out = Path.of(required("upgrade.fixture.out")).toAbsolutePath();
        String database = KeycloakServer.newPostgresDatabase();
        Mailbox down = Mailbox.down();
        try (TestTransmitter tx = TestTransmitter.start()) {
            try (KeycloakServer server = KeycloakServer.startOnExistingPostgres("upgrade-fixture", database, jar, false)) {
                AdminApi admin = AdminApi.connect(server);
                String realm = TestRealm.named("upgrade").smtp(down.port()).users("u", 8).create(admin);
                admin.setPolicy(realm, policy("100"));

                JsonNode applied = signal(admin, realm, "u01", "u02", "u03");
                assertEquals("APPLIED", applied.get("state").asText(), applied.toString());
                assertEquals(204, admin.put("/admin/realms/" + realm + "/users/" + admin.userId(realm, "u02") + "/reset-password",
                        Map.of("type", "password", "value", "u02-New-Passw0rd", "temporary", false)).status());
                assertEquals(200, admin.delete(ResetSteps.flagPath(admin, realm, "u03")).status());
                String reverted = signal(admin, realm, "u04").get("batchId").asText();
                assertEquals(200, admin.post(base(realm) + "/batches/" + reverted + "/revert", Map.of("notifyUsers", true)).status());
                admin.setPolicy(realm, policy("4"));
                assertEquals("HELD", signal(admin, realm, "u05", "u06").get("state").asText());
                admin.setPolicy(realm, policy("100"));

                String audience = admin.baseUrl() + "/realms/" + realm;
                AdminApi.Reply transmitter = admin.post(base(realm) + "/transmitters", tx.configJson("push", audience));
                assertEquals(201, transmitter.status(), transmitter.toString());
                String set = tx.set().audience(audience).event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of(
                        "subject", Map.of("format", "email", "email", "u08@example.com"), "credential_type", "password")).sign();
                assertEquals(202, TestTransmitter.push(URI.create(transmitter.json().get("pushEndpoint").asText()), tx.pushToken(), set)
                        .statusCode());

                for (int i = 0; i < 3; i++) {
                    new Browser(admin.baseUrl()).login(realm, "u07", "wrong-password-" + i);
                }
                awaitCounted(admin, realm, 3);
                System.out.println("[upgrade-fixture] realm " + realm + " written");
            }
            dump(database, out);
        } finally {
            down.close();
            dropDatabase(database);
        }
    }

    /** The whole policy (setting it replaces every setting): emails on, login signals on, this hourly limit. */
    private static Map<String, String> policy(String maxFlagsPerHour) {
        return Map.of("emailOnFlag", "true", "loginSignalsEnabled", "true", "maxFlagsPerHour", maxFlagsPerHour);
    }

    private static JsonNode signal(AdminApi admin, String realm, String... usernames) {
        AdminApi.Reply reply = admin.post(base(realm) + "/signals", Map.of("source", "fixture", "reason", "credential-leak",
                "subjects", List.of(usernames).stream().map(u -> Map.of("username", u)).toList()));
        assertTrue(reply.status() == 201 || reply.status() == 202, reply.toString());
        return reply.json();
    }

    /** Waits until the node has added the failed logins to the shared counters (its flusher runs every few seconds). */
    private static void awaitCounted(AdminApi admin, String realm, int logins) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode stats = admin.get(base(realm) + "/login-signals/stats").json();
        while (stats.get("node").get("eventsCounted").asInt() < logins && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stats = admin.get(base(realm) + "/login-signals/stats").json();
        }
        assertTrue(stats.get("node").get("eventsCounted").asInt() >= logins, stats.toString());
    }

    private static void dump(String database, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out.getParent());
        String script = "pg_dump --no-owner --no-privileges -h 127.0.0.1 -U " + System.getProperty("it.postgres.user", "postgres")
                + " " + database + " | gzip -9n > '" + out + "'";
        Process dump = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        assertEquals(0, dump.waitFor(), "pg_dump failed");
        System.out.println("[upgrade-fixture] wrote " + out + " (" + Files.size(out) + " bytes)");
    }

    static void dropDatabase(String database) {
        try (var c = java.sql.DriverManager.getConnection(System.getProperty("it.postgres.url"),
                System.getProperty("it.postgres.user", "postgres"), System.getProperty("it.postgres.password", ""));
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        } catch (java.sql.SQLException e) {
            System.out.println("[upgrade] could not drop " + database + ": " + e.getMessage());
        }
    }

    static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set -D" + property + " (see bench/upgrade-fixture.sh)");
        }
        return value;
    }
}
