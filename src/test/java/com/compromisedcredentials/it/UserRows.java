package com.compromisedcredentials.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Many users written straight into Keycloak's USER_ENTITY table on PostgreSQL, as an import job would: creating
 * tens of thousands through the admin API takes longer than the tests and benchmarks that need them. Users
 * {@code <prefix><i>} with the verified address {@code <prefix><i>@example.org}, i from 0, enabled, each with a
 * password credential that no password matches (so that they count as accounts a password reset can help; nobody
 * logs in as them). Keycloak has never cached them, so it reads them from the table when asked.
 */
public final class UserRows {

    private UserRows() {
    }

    public static String email(String prefix, int i) {
        return prefix + i + "@example.org";
    }

    /** Inserts {@code count} users in commits of 5 000, then has PostgreSQL analyse the table. */
    public static void insert(KeycloakServer server, String realmId, String prefix, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword())) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO USER_ENTITY (ID, EMAIL, EMAIL_CONSTRAINT, "
                    + "EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement password = c.prepareStatement("INSERT INTO CREDENTIAL (ID, TYPE, USER_ID, CREATED_DATE, "
                         + "SECRET_DATA, CREDENTIAL_DATA, PRIORITY) VALUES (?, 'password', ?, ?, ?, ?, 10)")) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < count; i++) {
                    String id = userRow(insert, realmId, prefix, i, now);
                    insert.addBatch();
                    password.setString(1, UUID.randomUUID().toString());
                    password.setString(2, id);
                    password.setLong(3, now);
                    password.setString(4, "{\"value\":\"unusable\",\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"additionalParameters\":{}}");
                    password.setString(5, "{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}");
                    password.addBatch();
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                        password.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                password.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement analyze = c.createStatement()) {
                analyze.execute("ANALYZE USER_ENTITY"); // as a database that has held its users for a while
                analyze.execute("ANALYZE CREDENTIAL");
            }
        }
    }

    /**
     * Inserts {@code count} directory users {@code <prefix><i>} as Keycloak's LDAP federation imports them: no password
     * credential (the directory keeps it), linked to the federation {@code federationId}, with the LDAP id (the
     * federation's uuid attribute, here {@code uid}) and entry DN Keycloak records, in commits of 5 000.
     */
    public static void insertFederated(KeycloakServer server, String realmId, String prefix, int count, String federationId,
            String peopleDn) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword())) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO USER_ENTITY (ID, EMAIL, EMAIL_CONSTRAINT, "
                    + "EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE, FEDERATION_LINK) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement attribute = c.prepareStatement("INSERT INTO USER_ATTRIBUTE (ID, NAME, VALUE, USER_ID) "
                         + "VALUES (?, ?, ?, ?)")) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < count; i++) {
                    String id = userRow(insert, realmId, prefix, i, now);
                    insert.setString(10, federationId);
                    insert.addBatch();
                    for (String[] pair : new String[][] {{"LDAP_ID", prefix + i}, {"LDAP_ENTRY_DN", "uid=" + prefix + i + "," + peopleDn}}) {
                        attribute.setString(1, UUID.randomUUID().toString());
                        attribute.setString(2, pair[0]);
                        attribute.setString(3, pair[1]);
                        attribute.setString(4, id);
                        attribute.addBatch();
                    }
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                        attribute.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                attribute.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement analyze = c.createStatement()) {
                analyze.execute("ANALYZE USER_ENTITY");
                analyze.execute("ANALYZE USER_ATTRIBUTE");
            }
        }
    }

    /** Sets the first nine columns of a USER_ENTITY insert (ID to NOT_BEFORE) for user {@code <prefix><i>}; returns its id. */
    private static String userRow(PreparedStatement insert, String realmId, String prefix, int i, long now) throws SQLException {
        String id = UUID.randomUUID().toString();
        insert.setString(1, id);
        insert.setString(2, email(prefix, i));
        insert.setString(3, email(prefix, i));
        insert.setBoolean(4, true);
        insert.setBoolean(5, true);
        insert.setString(6, realmId);
        insert.setString(7, prefix + i);
        insert.setLong(8, now);
        insert.setInt(9, 0);
        return id;
    }
}
