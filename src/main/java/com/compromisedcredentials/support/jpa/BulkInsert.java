package com.compromisedcredentials.support.jpa;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * Writes many rows of one table with multi-row {@code INSERT ... VALUES (...), (...)} statements, a few
 * hundred rows at a time, in the caller's transaction. A batch of 10 000 flags is then tens of statements,
 * not tens of thousands of round trips. Standard SQL: H2, PostgreSQL, MariaDB/MySQL and SQL Server accept it. The
 * table is qualified as Keycloak qualifies its own native queries, so that {@code --db-schema} works.
 */
public final class BulkInsert {

    /** Bind parameters per statement, well under every database's limit. */
    private static final int MAX_PARAMETERS = 2000;

    private BulkInsert() {
    }

    public static void rows(EntityManager em, String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.flush(); // entity changes first, so that statements run in the order they were made
        int perStatement = Math.max(1, MAX_PARAMETERS / columns.size());
        String qualified = JpaUtils.getTableNameForNativeQuery(table, em);
        for (int start = 0; start < rows.size(); start += perStatement) {
            List<Object[]> chunk = rows.subList(start, Math.min(rows.size(), start + perStatement));
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified).append(" (")
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
            Query query = em.createNativeQuery(sql.toString());
            int p = 1;
            for (Object[] row : chunk) {
                for (Object value : row) {
                    if (value != null) {
                        query.setParameter(p++, value);
                    }
                }
            }
            query.executeUpdate();
        }
    }
}
