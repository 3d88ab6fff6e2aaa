package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak with {@code --db-schema}: its tables and the extension's live in a schema of their own, not in
 * {@code public}, and every native statement (the bulk inserts of a batch, its outbox) must name that schema as
 * Keycloak's own do. A batch is applied and its emails are sent. Keycloak runs on a fresh database of its own (the
 * shared server is not touched). Runs in the PostgreSQL pass only.
 */
class DbSchemaIT {

    private static final String SCHEMA = "cc_tenant";

    private static KeycloakServer server;
    private static AdminApi admin;
    private static Mailbox mailbox;

    @BeforeAll
    static void start() {
        mailbox = Mailbox.start();
        server = KeycloakServer.startOnPostgresSchema("pg-schema", SCHEMA);
        admin = AdminApi.connect(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        mailbox.close();
    }

    @Test
    void aBatchIsAppliedAndItsEmailsAreSentWithTheTablesInAnotherSchema() throws Exception {
        String realm = TestRealm.named("schema").smtp(mailbox.port()).users("u", 5).create(admin);
        admin.setPolicy(realm, Map.of("maxFlagsPerDayPercent", "100", "enforcementMode", "reset"));

        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                "source", "feed", "reason", "credential-leak",
                "subjects", IntStream.rangeClosed(1, 5).mapToObj(i -> Map.of("email", String.format("u%02d@example.com", i))).toList()));
        assertEquals(201, reply.status(), reply.toString());
        JsonNode batch = reply.json();
        assertEquals("APPLIED", batch.get("state").asText(), batch.toString());
        assertEquals(5, batch.get("newlyFlagged").asInt());

        for (int i = 1; i <= 5; i++) {
            mailbox.await(String.format("u%02d@example.com", i), "choose a new password");
        }
        // a second signal for a flagged user adds to its evidence: the third bulk insert
        AdminApi.Reply again = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                "source", "second-feed", "reason", "credential-leak", "evidence", "record 42",
                "subjects", List.of(Map.of("email", "u01@example.com"))));
        assertEquals(1, again.json().get("alreadyFlagged").asInt(), again.toString());

        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), System.getProperty("it.postgres.password", ""));
                Statement st = c.createStatement()) {
            assertEquals(5, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_FLAG"));
            assertEquals(6, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_BATCH_SUBJECT"));
            assertEquals(1, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_FLAG_EVIDENCE"));
            assertEquals(5, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_OUTBOX"));
            for (String table : List.of("cc_flag", "cc_outbox", "user_entity")) {
                assertEquals(0, count(st, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '"
                        + table + "'"), table + " is not in public");
            }
        }
        assertTrue(admin.get("/admin/realms/" + realm + "/compromised-credentials/flags?state=ACTIVE").json().size() == 5);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
