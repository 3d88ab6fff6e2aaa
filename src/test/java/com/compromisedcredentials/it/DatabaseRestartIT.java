package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * PostgreSQL stopped and restarted under the intake: a feed gets a clear 503 {@code database_unavailable} with
 * Retry-After, never a bare 500; nothing of the refused batch is stored; and the feed's retry with the same
 * idempotency key applies it once the database is back. Keycloak runs on a PostgreSQL of this test's own (the
 * shared server is not touched). Runs in the PostgreSQL pass only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseRestartIT {

    private static PrivatePostgres postgres;
    private static KeycloakServer server;
    private static AdminApi admin;

    @BeforeAll
    static void start() {
        postgres = PrivatePostgres.start(Path.of(System.getProperty("it.workdir", "target/it")).resolve("pg-restart-db"));
        try {
            server = KeycloakServer.startOnPostgres(postgres.url(), "pg-restart");
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        admin = AdminApi.connect(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void whileTheDatabaseIsDownTheIntakeAnswers503AndTheRetryAppliesTheBatchOnce() throws Exception {
        String realm = TestRealm.named("pg-down").users("u", 20).create(admin);
        admin.setPolicy(realm, Map.of("maxFlagsPerDayPercent", "100"));
        Map<String, Object> batch = Map.of("source", "feed", "reason", "credential-leak", "idempotencyKey", "feed-down-1",
                "subjects", List.of(Map.of("username", "u01"), Map.of("username", "u02"), Map.of("username", "u03")));
        // the same request as a dry run first: Keycloak has the realm and the admin in its caches, as in production
        assertEquals("PREVIEW", admin.post(signals(realm), Map.of("source", "feed", "reason", "credential-leak", "dryRun", true,
                "subjects", List.of(Map.of("username", "u01")))).json().get("state").asText());
        String token = admin.adminToken();

        postgres.stop();
        try {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + signals(realm)))
                    .timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AdminApi.JSON.writeValueAsString(batch))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("30", refused.headers().firstValue("Retry-After").orElse(null));
            JsonNode error = AdminApi.JSON.readTree(refused.body());
            assertEquals("database_unavailable", error.get("error").asText(), refused.body());
            assertTrue(error.get("error_description").asText().contains("nothing was changed"), refused.body());

            AdminApi.Reply read = admin.call("GET", base(realm) + "/flags", null, token);
            assertEquals(503, read.status(), read.toString());
        } finally {
            postgres.startServer();
        }

        // the feed tries again, as Retry-After tells it to, until the database is back
        AdminApi.Reply retried = untilAnswered(() -> admin.call("POST", signals(realm), AdminApi.JSON.writeValueAsString(batch), token));
        assertEquals(201, retried.status(), retried.toString());
        assertEquals("APPLIED", retried.json().get("state").asText());
        assertEquals(3, retried.json().get("newlyFlagged").asInt());
        assertEquals(2, admin.get(base(realm) + "/batches").json().size(), "the dry run and the batch, once");
        assertEquals(3, admin.get(base(realm) + "/flags?state=ACTIVE").json().size());
        AdminApi.Reply again = admin.post(signals(realm), batch);
        assertEquals(200, again.status(), "the same key again changes nothing: " + again);
    }

    @Test
    @Order(2)
    void aRestartInTheMiddleOfABatchLeavesNothingOfItAndTheRetryAppliesItWhole() throws Exception {
        int size = 10_000;
        String realm = TestRealm.named("pg-restart").create(admin);
        admin.setPolicy(realm, Map.of("maxFlagsPerHour", "1000000", "maxFlagsPerDayPercent", "100", "emailOnFlag", "false",
                "canaryThreshold", "10000000"));
        String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
        UserRows.insert(server, realmId, "r", size);
        List<Map<String, String>> subjects = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            subjects.add(Map.of("email", UserRows.email("r", i)));
        }
        String body = AdminApi.JSON.writeValueAsString(Map.of("source", "feed", "reason", "credential-leak",
                "idempotencyKey", "feed-restart-1", "subjects", subjects));
        String token = admin.adminToken();

        CompletableFuture<AdminApi.Reply> submitted = CompletableFuture.supplyAsync(() -> admin.call("POST", signals(realm), body, token));
        // restart PostgreSQL as soon as the batch's transaction has written its first rows
        long deadline = System.currentTimeMillis() + 60_000;
        while (!batchIsWriting() && !submitted.isDone()) {
            assertTrue(System.currentTimeMillis() < deadline, "the batch never started writing");
            Mailbox.sleep(10);
        }
        assertTrue(!submitted.isDone(), "the batch was answered before it could be interrupted: " + (submitted.isDone() ? submitted.get() : ""));
        postgres.stop();
        postgres.startServer();

        AdminApi.Reply answer = submitted.get();
        assertEquals(503, answer.status(), answer.toString());
        assertEquals("database_unavailable", answer.json().get("error").asText());
        AdminApi.Reply batches = untilAnswered(() -> admin.call("GET", base(realm) + "/batches", null, token));
        assertEquals(0, batches.json().size(), "nothing of the interrupted batch: " + batches);
        assertEquals(0, count("SELECT count(*) FROM CC_FLAG WHERE REALM_ID = ?", realmId));
        assertEquals(0, count("SELECT count(*) FROM CC_BATCH_SUBJECT WHERE REALM_ID = ?", realmId));

        AdminApi.Reply retried = untilAnswered(() -> admin.call("POST", signals(realm), body, token));
        assertEquals(201, retried.status(), retried.toString());
        assertEquals(size, retried.json().get("newlyFlagged").asInt(), retried.toString());
        assertEquals(size, count("SELECT count(*) FROM CC_FLAG WHERE REALM_ID = ? AND STATE = 'ACTIVE'", realmId));
        assertEquals(1, admin.get(base(realm) + "/batches").json().size());
    }

    // ---- helpers

    private interface Call {
        AdminApi.Reply call() throws Exception;
    }

    /** Calls until the answer is not a 503 (the database back), for at most a minute. */
    private static AdminApi.Reply untilAnswered(Call call) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        AdminApi.Reply reply = call.call();
        while (reply.status() == 503 && System.currentTimeMillis() < deadline) {
            Mailbox.sleep(1000);
            reply = call.call();
        }
        return reply;
    }

    /** Whether a transaction of Keycloak's has written rows of the extension's tables and not yet ended. */
    private static boolean batchIsWriting() {
        return count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                + "AND backend_xid IS NOT NULL AND query ILIKE '%cc\\_%'") > 0;
    }

    private static int count(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }

    private static String signals(String realm) {
        return base(realm) + "/signals";
    }
}
