package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keycloak with {@code --db-schema}: its tables and the extension's live in a schema of their own, not in
 * {@code public}, and every native statement (the bulk inserts of a batch, its outbox) must name that schema as
 * Keycloak's own do. Batches are applied and their emails are sent. Keycloak runs on a fresh database of its own (the
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
    void batchesAreAppliedAndTheirEmailsAreSentWithTheTablesInAnotherSchema() throws Exception {
        String realm = TestRealm.named("schema").smtp(mailbox.port()).users("u", 30).create(admin);
        admin.setPolicy(realm, Map.of("maxFlagsPerDayPercent", "100", "enforcementMode", "reset"));

        // six batches at once: they hold several pooled connections together, not just the one Keycloak's start-up
        // happened to leave pointing at the schema
        ExecutorService feeds = Executors.newFixedThreadPool(6);
        try {
            List<Future<AdminApi.Reply>> replies = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                int first = b * 5 + 1;
                replies.add(feeds.submit(() -> admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                        "source", "feed", "reason", "credential-leak", "subjects", IntStream.range(first, first + 5)
                                .mapToObj(i -> Map.of("email", String.format("u%02d@example.com", i))).toList()))));
            }
            for (Future<AdminApi.Reply> reply : replies) {
                AdminApi.Reply r = reply.get();
                assertEquals(201, r.status(), r.toString());
                assertEquals("APPLIED", r.json().get("state").asText(), r.toString());
                assertEquals(5, r.json().get("newlyFlagged").asInt(), r.toString());
            }
        } finally {
            feeds.shutdownNow();
        }
        for (int i = 1; i <= 30; i++) {
            mailbox.await(String.format("u%02d@example.com", i), "choose a new password");
        }
        // a second signal for a flagged user adds to its evidence: the third bulk insert
        AdminApi.Reply again = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                "source", "second-feed", "reason", "credential-leak", "evidence", "record 42",
                "subjects", List.of(Map.of("email", "u01@example.com"))));
        assertEquals(1, again.json().get("alreadyFlagged").asInt(), again.toString());

        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), System.getProperty("it.postgres.password", ""));
                Statement st = c.createStatement()) {
            assertEquals(30, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_FLAG"));
            assertEquals(31, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_BATCH_SUBJECT"));
            assertEquals(1, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_FLAG_EVIDENCE"));
            assertEquals(30, count(st, "SELECT COUNT(*) FROM " + SCHEMA + ".CC_OUTBOX"));
            for (String table : List.of("cc_flag", "cc_outbox", "user_entity")) {
                assertEquals(0, count(st, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '"
                        + table + "'"), table + " is not in public");
            }
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
