package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Missing or weak tokens and bad input get the documented 4xx with a JSON error, and store nothing: no batch, no flag,
 * as the API lists them, and on PostgreSQL and MariaDB no row of the realm in the batch, subject, flag, evidence and
 * outbox tables.
 */
@ExtendWith(KeycloakExtension.class)
class SignalApiErrorsIT {

    private static final List<String> WRITTEN_TABLES = List.of("CC_BATCH", "CC_BATCH_SUBJECT", "CC_FLAG", "CC_FLAG_EVIDENCE", "CC_OUTBOX");

    private static AdminApi admin;
    private static KeycloakServer server;
    private static String realm;
    private static String realmId;
    private static String victimId;

    @BeforeAll
    static void createRealm(AdminApi api, KeycloakServer keycloak) {
        admin = api;
        server = keycloak;
        realm = TestRealm.named("api-errors")
                .user("victim", "victim-Passw0rd")
                .user("viewer", "viewer-Passw0rd", "view-users")
                .user("nobody", "nobody-Passw0rd")
                .create(admin);
        victimId = admin.userId(realm, "victim");
        realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
    }

    @Test
    void noTokenIs401() {
        assertEquals(401, admin.call("POST", signals(), validBody(), null).status());
        assertEquals(401, admin.call("GET", flagOf(victimId), null, null).status());
        assertNothingStored();
    }

    @Test
    void viewUsersMayReadButNotWrite() {
        String token = admin.passwordGrant(realm, "viewer", "viewer-Passw0rd");
        AdminApi.Reply write = admin.call("POST", signals(), validBody(), token);
        assertEquals(403, write.status(), write.toString());
        assertEquals("forbidden", write.json().get("error").asText());
        assertEquals(404, admin.call("GET", flagOf(victimId), null, token).status(), "may read: the answer is 'no flag'");
        assertNothingStored();
    }

    @Test
    void noRoleMayNeitherReadNorWrite() {
        String token = admin.passwordGrant(realm, "nobody", "nobody-Passw0rd");
        assertEquals(403, admin.call("POST", signals(), validBody(), token).status());
        assertEquals(403, admin.call("GET", flagOf(victimId), null, token).status());
        assertNothingStored();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                                                   | invalid_json",
            "[]                                                                                          | invalid_json",
            "{\"reason\":\"phishing\",\"subjects\":[{\"username\":\"victim\"}]}                          | invalid_request",
            "{\"source\":\"s\",\"subjects\":[{\"username\":\"victim\"}]}                                 | invalid_request",
            "{\"source\":\"s\",\"reason\":\"phishing\"}                                                  | invalid_request",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[]}                                  | invalid_request",
            "{\"source\":\"s\",\"reason\":\"hacked\",\"subjects\":[{\"username\":\"victim\"}]}            | unknown_reason",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"dryrun\":true,\"subjects\":[{\"username\":\"victim\"}]} | invalid_request",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"phone\":\"123\"}]}               | invalid_subject",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"victim\"},{\"email\":\"not-an-email\"}]} | invalid_subject",
            "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"victim\",\"email\":\"v@example.com\"}]} | invalid_subject",
    })
    void badInputIs400AndStoresNothing(String body, String error) {
        AdminApi.Reply reply = admin.call("POST", signals(), body, admin.adminToken());
        assertEquals(400, reply.status(), reply.toString());
        JsonNode json = reply.json();
        assertEquals(error, json.get("error").asText(), reply.toString());
        assertEquals(true, json.hasNonNull("error_description"), reply.toString());
        assertNothingStored();
    }

    @Test
    void tooManySubjectsIs413() {
        List<Map<String, String>> subjects = new ArrayList<>();
        subjects.add(Map.of("username", "victim"));
        for (int i = 0; i < 10_000; i++) {
            subjects.add(Map.of("email", "u" + i + "@example.org"));
        }
        AdminApi.Reply reply = admin.post(signals(), Map.of("source", "s", "reason", "phishing", "subjects", subjects));
        assertEquals(413, reply.status(), reply.toString());
        assertEquals("too_many_subjects", reply.json().get("error").asText());
        assertNothingStored();
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String padding = "x".repeat(1024 * 1024);
        AdminApi.Reply reply = admin.call("POST", signals(),
                "{\"source\":\"s\",\"reason\":\"phishing\",\"evidence\":\"" + padding + "\",\"subjects\":[{\"username\":\"victim\"}]}",
                admin.adminToken());
        assertEquals(413, reply.status(), reply.toString());
        assertEquals("request_too_large", reply.json().get("error").asText());
        assertNothingStored();
    }

    @Test
    void unknownUserIs404() {
        AdminApi.Reply reply = admin.get(flagOf("no-such-user"));
        assertEquals(404, reply.status());
        assertEquals("user_not_found", reply.json().get("error").asText());
    }

    @Test
    void theChecksOfWhatIsStoredSeeAnAcceptedRequest() throws Exception {
        // what assertNothingStored looks at does show a batch: a dry run of another realm stores one, and its subject
        String other = TestRealm.named("api-errors-control").user("victim", "victim-Passw0rd").create(admin);
        String otherId = admin.get("/admin/realms/" + other).json().get("id").asText();
        AdminApi.Reply preview = admin.post("/admin/realms/" + other + "/compromised-credentials/signals",
                Map.of("source", "s", "reason", "phishing", "dryRun", true, "subjects", List.of(Map.of("username", "victim"))));
        assertEquals("PREVIEW", preview.json().get("state").asText(), preview.toString());
        assertEquals(1, admin.get("/admin/realms/" + other + "/compromised-credentials/batches").json().size());
        if (jdbc()) {
            assertEquals(1, rows("CC_BATCH", otherId));
            assertEquals(1, rows("CC_BATCH_SUBJECT", otherId));
        }
    }

    private static void assertNothingStored() {
        AdminApi.Reply flag = admin.get(flagOf(victimId));
        assertEquals(404, flag.status(), "the victim must not be flagged: " + flag);
        assertEquals("flag_not_found", flag.json().get("error").asText());
        String base = "/admin/realms/" + realm + "/compromised-credentials";
        assertEquals("[]", admin.get(base + "/batches").json().toString(), "no batch of any state");
        assertEquals("[]", admin.get(base + "/flags").json().toString(), "no flag of anyone");
        if (jdbc()) {
            for (String table : WRITTEN_TABLES) {
                try {
                    assertEquals(0, rows(table, realmId), "rows of the realm in " + table);
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Keycloak's database is readable by the test on PostgreSQL and MariaDB (H2 is Keycloak's own file). */
    private static boolean jdbc() {
        return !server.db().equals("h2");
    }

    private static long rows(String table, String realmId) throws SQLException {
        try (Connection db = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword());
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM " + table + " WHERE REALM_ID = ?")) {
            count.setString(1, realmId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String validBody() {
        return "{\"source\":\"s\",\"reason\":\"phishing\",\"subjects\":[{\"username\":\"victim\"}]}";
    }

    private static String signals() {
        return "/admin/realms/" + realm + "/compromised-credentials/signals";
    }

    private static String flagOf(String userId) {
        return "/admin/realms/" + realm + "/compromised-credentials/users/" + userId + "/flag";
    }
}
