package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What is stored about a user or a realm goes with it: removing a user removes their flags, evidence and unsent
 * emails; removing a realm removes its flags, batches, subjects, evidence, emails and lock row. Counted in the
 * database itself (PostgreSQL pass): before, to show there was something to remove, and after.
 */
@ExtendWith(KeycloakExtension.class)
class RemovalIT {

    private static final List<String> REALM_TABLES = List.of("CC_FLAG", "CC_FLAG_EVIDENCE", "CC_BATCH", "CC_BATCH_SUBJECT",
            "CC_OUTBOX", "CC_REALM_LOCK");

    @Test
    void removingAUserAndThenTheRealmRemovesWhatWasStoredAboutThem(KeycloakServer server, AdminApi admin) throws Exception {
        // the realm's SMTP server is down, so the flag emails stay in the outbox
        try (Mailbox down = Mailbox.down()) {
            String realm = TestRealm.named("removal").smtp(down.port()).user("alice", "alice-Passw0rd").user("bob", "bob-Passw0rd")
                    .create(admin);
            admin.setPolicy(realm, Map.of("emailOnFlag", "true"));
            String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
            String bobId = admin.userId(realm, "bob");
            String signals = "/admin/realms/" + realm + "/compromised-credentials/signals";
            for (String source : List.of("feed-a", "feed-b")) { // the second batch adds evidence to both flags
                AdminApi.Reply reply = admin.post(signals, Map.of("source", source, "reason", "credential-leak",
                        "subjects", List.of(Map.of("username", "alice"), Map.of("username", "bob"))));
                assertEquals("APPLIED", reply.json().get("state").asText(), reply.toString());
            }
            try (Connection db = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword())) {
                assertEquals(1, count(db, "SELECT count(*) FROM CC_FLAG WHERE REALM_ID = ? AND USER_ID = ?", realmId, bobId));
                assertTrue(count(db, "SELECT count(*) FROM CC_FLAG_EVIDENCE e JOIN CC_FLAG f ON f.ID = e.FLAG_ID "
                        + "WHERE f.REALM_ID = ? AND f.USER_ID = ?", realmId, bobId) >= 1);
                assertEquals(1, count(db, "SELECT count(*) FROM CC_OUTBOX WHERE REALM_ID = ? AND USER_ID = ?", realmId, bobId));

                assertEquals(204, admin.delete("/admin/realms/" + realm + "/users/" + bobId).status());
                assertEquals(0, count(db, "SELECT count(*) FROM CC_FLAG WHERE REALM_ID = ? AND USER_ID = ?", realmId, bobId));
                assertEquals(0, count(db, "SELECT count(*) FROM CC_FLAG_EVIDENCE WHERE REALM_ID = ? AND FLAG_ID NOT IN "
                        + "(SELECT ID FROM CC_FLAG)", realmId));
                assertEquals(0, count(db, "SELECT count(*) FROM CC_OUTBOX WHERE REALM_ID = ? AND USER_ID = ?", realmId, bobId));
                assertEquals(1, count(db, "SELECT count(*) FROM CC_FLAG WHERE REALM_ID = ?", realmId), "alice's flag stays");

                for (String table : REALM_TABLES) {
                    assertTrue(count(db, "SELECT count(*) FROM " + table + " WHERE REALM_ID = ?", realmId) > 0,
                            table + " holds something of the realm before it is removed");
                }
                assertEquals(204, admin.delete("/admin/realms/" + realm).status());
                for (String table : REALM_TABLES) {
                    assertEquals(0, count(db, "SELECT count(*) FROM " + table + " WHERE REALM_ID = ?", realmId),
                            table + " keeps nothing of a removed realm");
                }
            }
        }
    }

    private static long count(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
