package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Upgrades and removal, on PostgreSQL: the database 1.0.0 wrote ({@link UpgradeFixture}) is started with this build's
 * jar, and every flag is still enforced, every batch can still be decided and reverted, every waiting email goes out
 * once. Then the extension is removed as {@code docs/uninstall.md} says, worst case first (the jar only, the realm
 * still naming its providers): Keycloak starts and users log in; then its tables are dropped with the page's own SQL.
 */
class UpgradeIT {

    private static final Path FIXTURE = Path.of("src/test/resources/upgrade/1.0.0.sql.gz");

    @Test
    void theDatabaseOf100WorksWithThisJarAndTheExtensionComesOutCleanly() throws Exception {
        String database = KeycloakServer.newPostgresDatabase();
        try {
            restore(database);
            upgrade(database);
            uninstall(database);
        } finally {
            UpgradeFixture.dropDatabase(database);
        }
    }

    private static void upgrade(String database) throws Exception {
        try (KeycloakServer server = KeycloakServer.startOnExistingPostgres("upgrade", database, KeycloakServer.extensionJar(), false);
                Mailbox mailbox = Mailbox.start()) {
            AdminApi admin = AdminApi.connect(server);
            String realm = fixtureRealm(admin);
            String base = UpgradeFixture.base(realm);

            // every flag as 1.0.0 left it
            assertEquals("ACTIVE", state(admin, realm, "u01"));
            assertEquals("RESOLVED", state(admin, realm, "u02"));
            assertEquals("DISMISSED", state(admin, realm, "u03"));
            assertEquals("REVERTED", state(admin, realm, "u04"));
            assertEquals("ACTIVE", state(admin, realm, "u08"));
            assertEquals(1, admin.get(base + "/batches?state=HELD").json().size());

            // still enforced: the leaked password alone leads to the second proof, not the application
            Browser.Page page = new Browser(admin.baseUrl()).login(realm, "u01", "u01-Passw0rd");
            assertTrue(page.has("#cc-step-up-form"), "u01's flag is still enforced: " + page.title());

            // the emails 1.0.0 queued while the realm's SMTP server was down go out once it is up
            JsonNode realmRep = admin.get("/admin/realms/" + realm).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) realmRep.get("smtpServer")).put("port", String.valueOf(mailbox.port()));
            assertEquals(204, admin.put("/admin/realms/" + realm, Map.of("smtpServer", realmRep.get("smtpServer"))).status());
            mailbox.await("u01@example.com", "choose a new password");
            mailbox.await("u08@example.com", "choose a new password");
            // a new flag's email, queued after all of them, is the marker that the outbox has gone past them
            assertEquals("APPLIED", admin.post(base + "/signals", Map.of("source", "after-upgrade", "reason", "credential-leak",
                    "subjects", List.of(Map.of("username", "u07")))).json().get("state").asText());
            mailbox.await("u07@example.com", "choose a new password");
            assertEquals(1, flagEmails(mailbox, "u01@example.com"), "u01's waiting email went out once: " + mailbox.all());
            assertEquals(1, flagEmails(mailbox, "u08@example.com"), "u08's waiting email went out once: " + mailbox.all());
            assertEquals(0, flagEmails(mailbox, "u03@example.com"), "the dismissed flag's email was cancelled: " + mailbox.all());

            // the held batch can be decided, and the batches reverted
            String held = admin.get(base + "/batches?state=HELD").json().get(0).get("batchId").asText();
            assertEquals("APPLIED", admin.post(base + "/batches/" + held + "/approve", Map.of()).json().get("state").asText());
            String first = admin.get(ResetSteps.flagPath(admin, realm, "u01")).json().get("batchId").asText();
            AdminApi.Reply reverted = admin.post(base + "/batches/" + first + "/revert", Map.of("notifyUsers", false));
            assertEquals(200, reverted.status(), reverted.toString());
            assertEquals("REVERTED", state(admin, realm, "u01"));
            assertTrue(new Browser(admin.baseUrl()).login(realm, "u01", "u01-Passw0rd").isApplication(), "u01's flag ended");

            // the transmitter, its receipt and the login-signal counters 1.0.0 wrote are read
            JsonNode transmitters = admin.get(base + "/transmitters").json();
            assertEquals(1, transmitters.size(), transmitters.toString());
            assertEquals(1, admin.get(base + "/transmitters/" + transmitters.get(0).get("id").asText() + "/received").json().size());
            assertTrue(admin.get(base + "/login-signals/stats").json().get("window").get("failedLogins").asLong() >= 0);
        }
    }

    private static void uninstall(String database) throws Exception {
        // the worst case: the jar taken out while the realm still names the required action and the event listener
        try (KeycloakServer server = KeycloakServer.startOnExistingPostgres("uninstalled", database, null, false)) {
            AdminApi admin = AdminApi.connect(server);
            String realm = fixtureRealm(admin);
            assertTrue(new Browser(admin.baseUrl()).login(realm, "u08", "u08-Passw0rd").isApplication(),
                    "a user flagged before the jar went logs in");
            assertTrue(new Browser(admin.baseUrl()).login(realm, "u05", "u05-Passw0rd").isApplication());
            assertEquals(404, admin.get(UpgradeFixture.base(realm) + "/stats").status(), "the extension's API is gone");
        }
        // the tables, with the SQL of docs/uninstall.md
        try (Connection c = DriverManager.getConnection(KeycloakServer.postgresJdbcUrl(database),
                System.getProperty("it.postgres.user", "postgres"), System.getProperty("it.postgres.password", ""));
                Statement st = c.createStatement()) {
            assertFalse(extensionTables(st).isEmpty());
            for (String sql : uninstallSql()) {
                st.execute(sql);
            }
            assertEquals(List.of(), extensionTables(st), "docs/uninstall.md's SQL drops every table of the extension");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM DATABASECHANGELOG WHERE FILENAME LIKE 'META-INF/compromised-credentials%'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
        try (KeycloakServer server = KeycloakServer.startOnExistingPostgres("uninstalled-tables", database, null, false)) {
            AdminApi admin = AdminApi.connect(server);
            assertTrue(new Browser(admin.baseUrl()).login(fixtureRealm(admin), "u06", "u06-Passw0rd").isApplication(),
                    "Keycloak starts and users log in without the extension's tables");
        }
    }

    private static void restore(String database) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(FIXTURE), "missing " + FIXTURE + " (bench/upgrade-fixture.sh 1.0.0 writes it)");
        Process psql = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U",
                System.getProperty("it.postgres.user", "postgres"), "-d", database)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FIXTURE)); var out = psql.getOutputStream()) {
            in.transferTo(out);
        }
        assertEquals(0, psql.waitFor(), "psql could not load " + FIXTURE);
    }

    private static String fixtureRealm(AdminApi admin) {
        JsonNode realms = admin.get("/admin/realms").json();
        return StreamSupport.stream(realms.spliterator(), false).map(r -> r.get("realm").asText())
                .filter(name -> name.startsWith("upgrade-")).findFirst().orElseThrow(() -> new AssertionError("no upgrade-* realm"));
    }

    private static String state(AdminApi admin, String realm, String username) {
        return admin.get(ResetSteps.flagPath(admin, realm, username)).json().get("state").asText();
    }

    private static long flagEmails(Mailbox mailbox, String to) {
        return mailbox.to(to).stream().filter(m -> m.subject().contains("choose a new password")).count();
    }

    private static List<String> extensionTables(Statement st) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND upper(table_name) LIKE 'CC\\_%' ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** The statements of the {@code sql} block of docs/uninstall.md, as an admin would paste them. */
    private static List<String> uninstallSql() throws IOException {
        String page = Files.readString(Path.of("docs/uninstall.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(block.find(), "docs/uninstall.md has an sql block");
        List<String> statements = new ArrayList<>();
        for (String statement : block.group(1).split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.trim());
            }
        }
        return statements;
    }
}
