package com.compromisedcredentials.support.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * Writes many rows of one table at once, on the caller's connection and in its transaction: a batch of 10 000 flags is
 * a few statements, not tens of thousands of round trips.
 * <ul>
 * <li>PostgreSQL: one {@code COPY ... FROM STDIN} ({@link PostgresCopy}), about two and a half times faster than
 * multi-row inserts for the same rows and indexes (measured: 30 000 flag rows in 0.63 s against 1.69 s);</li>
 * <li>elsewhere: multi-row {@code INSERT ... VALUES (...), (...)} statements, standard SQL that H2, MariaDB/MySQL and
 * SQL Server accept, as many rows per statement as the database's limit on bind parameters allows.</li>
 * </ul>
 * The statements go to JDBC directly, not through Hibernate's native queries: for a statement of thousands of
 * parameters Hibernate's parameter metadata, binding and cache clean-up cost more than the database's own work. The rows
 * are written after Hibernate's pending changes are flushed, so that statements run in the order they were made;
 * Hibernate never holds these rows. The table is qualified as Keycloak qualifies its own native queries, so that
 * {@code --db-schema} works.
 */
public final class BulkInsert {

    /** Bind parameters per statement: SQL Server takes at most 2 100. */
    private static final int MAX_PARAMETERS_SQL_SERVER = 2000;
    /** Bind parameters per statement elsewhere, well under MariaDB's 65 535 (H2 has no such limit). */
    private static final int MAX_PARAMETERS = 16000;

    private BulkInsert() {
    }

    /** @param rows values of type String, Integer, Long or Boolean; null becomes SQL NULL */
    public static void rows(EntityManager em, String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.flush();
        String qualified = JpaUtils.getTableNameForNativeQuery(table, em);
        em.unwrap(Session.class).doWork(connection -> {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgresql")) {
                PostgresCopy.rows(connection, qualified, columns, rows);
            } else {
                insert(connection, qualified, columns, rows,
                        (product.contains("sql server") ? MAX_PARAMETERS_SQL_SERVER : MAX_PARAMETERS) / columns.size());
            }
        });
    }

    private static void insert(Connection connection, String table, List<String> columns, List<Object[]> rows, int perStatement)
            throws SQLException {
        for (int start = 0; start < rows.size(); start += Math.max(1, perStatement)) {
            List<Object[]> chunk = rows.subList(start, Math.min(rows.size(), start + Math.max(1, perStatement)));
            try (PreparedStatement statement = connection.prepareStatement(sql(table, columns, chunk))) {
                int p = 1;
                for (Object[] row : chunk) {
                    for (Object value : row) {
                        if (value != null) {
                            statement.setObject(p++, value);
                        }
                    }
                }
                statement.executeUpdate();
            }
        }
    }

    private static String sql(String table, List<String> columns, List<Object[]> chunk) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") VALUES ");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "(" : ", (");
            Object[] row = chunk.get(i);
            for (int c = 0; c < row.length; c++) {
                // a NULL literal, not a bound null: drivers disagree on the type of an untyped null
                sql.append(c == 0 ? "" : ", ").append(row[c] == null ? "NULL" : "?");
            }
            sql.append(')');
        }
        return sql.toString();
    }
}
