package com.compromisedcredentials.loginsignal.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.compromisedcredentials.loginsignal.WindowAggregator;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * Adds counts to the login counters with one upsert per row, sent as JDBC batches on the session's own connection
 * and transaction (as Keycloak's own JPA providers reach the connection). Each database's own upsert, so that two
 * nodes adding to the same row at once both count: PostgreSQL {@code INSERT ... ON CONFLICT DO UPDATE}, MySQL and
 * MariaDB {@code ON DUPLICATE KEY UPDATE}, H2 {@code MERGE}; any other database an update, then an insert where no
 * row was there. Rows are written in key order, so that two nodes' batches cannot deadlock on each other.
 */
final class LoginCounterUpserts {

    private static final Comparator<WindowAggregator.Failure> FAILURE_ORDER = Comparator
            .comparing(WindowAggregator.Failure::bucket).thenComparingLong(WindowAggregator.Failure::slice)
            .thenComparing(WindowAggregator.Failure::userKey);
    private static final Comparator<WindowAggregator.Success> SUCCESS_ORDER = Comparator
            .comparing(WindowAggregator.Success::bucket).thenComparingLong(WindowAggregator.Success::slice)
            .thenComparing(WindowAggregator.Success::userId);

    private enum Dialect { POSTGRES, MYSQL, H2, OTHER }

    private final EntityManager em;

    LoginCounterUpserts(EntityManager em) {
        this.em = em;
    }

    void failures(String realmId, Collection<WindowAggregator.Failure> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<WindowAggregator.Failure> sorted = new ArrayList<>(rows);
        sorted.sort(FAILURE_ORDER);
        String table = JpaUtils.getTableNameForNativeQuery("CC_LOGIN_FAILURE", em);
        em.unwrap(Session.class).doWork(connection -> {
            Dialect dialect = dialect(connection);
            if (dialect == Dialect.OTHER) {
                failuresOneByOne(connection, table, realmId, sorted);
                return;
            }
            String sql = switch (dialect) {
                case POSTGRES -> "INSERT INTO " + table + " AS T (REALM_ID, BUCKET, SLICE_START, USER_KEY, FAILURES, KNOWN_USER) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (REALM_ID, BUCKET, SLICE_START, USER_KEY) DO UPDATE SET "
                        + "FAILURES = T.FAILURES + EXCLUDED.FAILURES, KNOWN_USER = T.KNOWN_USER OR EXCLUDED.KNOWN_USER";
                case MYSQL -> "INSERT INTO " + table + " (REALM_ID, BUCKET, SLICE_START, USER_KEY, FAILURES, KNOWN_USER) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                        + "FAILURES = FAILURES + VALUES(FAILURES), KNOWN_USER = KNOWN_USER OR VALUES(KNOWN_USER)";
                default -> "MERGE INTO " + table + " AS T USING (VALUES (CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(64)), "
                        + "CAST(? AS BIGINT), CAST(? AS VARCHAR(32)), CAST(? AS INT), CAST(? AS BOOLEAN))) "
                        + "AS S (REALM_ID, BUCKET, SLICE_START, USER_KEY, FAILURES, KNOWN_USER) "
                        + "ON T.REALM_ID = S.REALM_ID AND T.BUCKET = S.BUCKET AND T.SLICE_START = S.SLICE_START AND T.USER_KEY = S.USER_KEY "
                        + "WHEN MATCHED THEN UPDATE SET FAILURES = T.FAILURES + S.FAILURES, KNOWN_USER = (T.KNOWN_USER OR S.KNOWN_USER) "
                        + "WHEN NOT MATCHED THEN INSERT (REALM_ID, BUCKET, SLICE_START, USER_KEY, FAILURES, KNOWN_USER) "
                        + "VALUES (S.REALM_ID, S.BUCKET, S.SLICE_START, S.USER_KEY, S.FAILURES, S.KNOWN_USER)";
            };
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (WindowAggregator.Failure f : sorted) {
                    statement.setString(1, realmId);
                    statement.setString(2, f.bucket());
                    statement.setLong(3, f.slice());
                    statement.setString(4, f.userKey());
                    statement.setInt(5, f.count());
                    statement.setBoolean(6, f.known());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    void successes(String realmId, Collection<WindowAggregator.Success> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<WindowAggregator.Success> sorted = new ArrayList<>(rows);
        sorted.sort(SUCCESS_ORDER);
        String table = JpaUtils.getTableNameForNativeQuery("CC_LOGIN_SUCCESS", em);
        em.unwrap(Session.class).doWork(connection -> {
            Dialect dialect = dialect(connection);
            if (dialect == Dialect.OTHER) {
                successesOneByOne(connection, table, realmId, sorted);
                return;
            }
            String sql = switch (dialect) {
                case POSTGRES -> "INSERT INTO " + table + " AS T (REALM_ID, BUCKET, SLICE_START, USER_ID, LOGINS, ADDRESS, LIST_SOURCE, LIST_ENTRY) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (REALM_ID, BUCKET, SLICE_START, USER_ID) DO UPDATE SET "
                        + "LOGINS = T.LOGINS + EXCLUDED.LOGINS, ADDRESS = EXCLUDED.ADDRESS, "
                        + "LIST_SOURCE = COALESCE(EXCLUDED.LIST_SOURCE, T.LIST_SOURCE), LIST_ENTRY = COALESCE(EXCLUDED.LIST_ENTRY, T.LIST_ENTRY)";
                case MYSQL -> "INSERT INTO " + table + " (REALM_ID, BUCKET, SLICE_START, USER_ID, LOGINS, ADDRESS, LIST_SOURCE, LIST_ENTRY) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE LOGINS = LOGINS + VALUES(LOGINS), "
                        + "ADDRESS = VALUES(ADDRESS), LIST_SOURCE = COALESCE(VALUES(LIST_SOURCE), LIST_SOURCE), "
                        + "LIST_ENTRY = COALESCE(VALUES(LIST_ENTRY), LIST_ENTRY)";
                default -> "MERGE INTO " + table + " AS T USING (VALUES (CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(64)), "
                        + "CAST(? AS BIGINT), CAST(? AS VARCHAR(255)), CAST(? AS INT), CAST(? AS VARCHAR(64)), "
                        + "CAST(? AS VARCHAR(1000)), CAST(? AS VARCHAR(64)))) "
                        + "AS S (REALM_ID, BUCKET, SLICE_START, USER_ID, LOGINS, ADDRESS, LIST_SOURCE, LIST_ENTRY) "
                        + "ON T.REALM_ID = S.REALM_ID AND T.BUCKET = S.BUCKET AND T.SLICE_START = S.SLICE_START AND T.USER_ID = S.USER_ID "
                        + "WHEN MATCHED THEN UPDATE SET LOGINS = T.LOGINS + S.LOGINS, ADDRESS = S.ADDRESS, "
                        + "LIST_SOURCE = COALESCE(S.LIST_SOURCE, T.LIST_SOURCE), LIST_ENTRY = COALESCE(S.LIST_ENTRY, T.LIST_ENTRY) "
                        + "WHEN NOT MATCHED THEN INSERT (REALM_ID, BUCKET, SLICE_START, USER_ID, LOGINS, ADDRESS, LIST_SOURCE, LIST_ENTRY) "
                        + "VALUES (S.REALM_ID, S.BUCKET, S.SLICE_START, S.USER_ID, S.LOGINS, S.ADDRESS, S.LIST_SOURCE, S.LIST_ENTRY)";
            };
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (WindowAggregator.Success s : sorted) {
                    bindSuccess(statement, realmId, s);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    private static void bindSuccess(PreparedStatement statement, String realmId, WindowAggregator.Success s) throws SQLException {
        statement.setString(1, realmId);
        statement.setString(2, s.bucket());
        statement.setLong(3, s.slice());
        statement.setString(4, s.userId());
        statement.setInt(5, s.count());
        statement.setString(6, s.address());
        setNullable(statement, 7, s.listSource());
        setNullable(statement, 8, s.listEntry());
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Any other database: update, and insert where nothing was updated. A racing insert fails the flush, which is retried. */
    private static void failuresOneByOne(Connection connection, String table, String realmId, List<WindowAggregator.Failure> rows)
            throws SQLException {
        String where = " WHERE REALM_ID = ? AND BUCKET = ? AND SLICE_START = ? AND USER_KEY = ?";
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET FAILURES = FAILURES + ?" + where);
                PreparedStatement known = connection.prepareStatement("UPDATE " + table + " SET KNOWN_USER = ?" + where);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (REALM_ID, BUCKET, SLICE_START, USER_KEY, FAILURES, KNOWN_USER) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (WindowAggregator.Failure f : rows) {
                update.setInt(1, f.count());
                bindFailureKey(update, 2, realmId, f);
                if (update.executeUpdate() == 0) {
                    bindFailureKey(insert, 1, realmId, f);
                    insert.setInt(5, f.count());
                    insert.setBoolean(6, f.known());
                    insert.executeUpdate();
                } else if (f.known()) {
                    known.setBoolean(1, true);
                    bindFailureKey(known, 2, realmId, f);
                    known.executeUpdate();
                }
            }
        }
    }

    private static void bindFailureKey(PreparedStatement statement, int first, String realmId, WindowAggregator.Failure f) throws SQLException {
        statement.setString(first, realmId);
        statement.setString(first + 1, f.bucket());
        statement.setLong(first + 2, f.slice());
        statement.setString(first + 3, f.userKey());
    }

    private static void successesOneByOne(Connection connection, String table, String realmId, List<WindowAggregator.Success> rows)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET LOGINS = LOGINS + ?, ADDRESS = ?, "
                + "LIST_SOURCE = COALESCE(?, LIST_SOURCE), LIST_ENTRY = COALESCE(?, LIST_ENTRY) "
                + "WHERE REALM_ID = ? AND BUCKET = ? AND SLICE_START = ? AND USER_ID = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (REALM_ID, BUCKET, SLICE_START, USER_ID, LOGINS, ADDRESS, LIST_SOURCE, LIST_ENTRY) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (WindowAggregator.Success s : rows) {
                update.setInt(1, s.count());
                update.setString(2, s.address());
                setNullable(update, 3, s.listSource());
                setNullable(update, 4, s.listEntry());
                update.setString(5, realmId);
                update.setString(6, s.bucket());
                update.setLong(7, s.slice());
                update.setString(8, s.userId());
                if (update.executeUpdate() == 0) {
                    bindSuccess(insert, realmId, s);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static Dialect dialect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return Dialect.POSTGRES;
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return Dialect.MYSQL;
        }
        if (product.equals("h2")) {
            return Dialect.H2;
        }
        return Dialect.OTHER;
    }
}
