package com.compromisedcredentials.support.jpa;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.postgresql.PGConnection;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} in its text format, through the driver Keycloak ships.
 * Loaded only for a PostgreSQL connection, so that other databases never need the driver's classes.
 */
final class PostgresCopy {

    private PostgresCopy() {
    }

    static void rows(Connection connection, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        StringBuilder data = new StringBuilder(rows.size() * 64 * columns.size() / 4);
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    data.append('\t');
                }
                append(data, row[c]);
            }
            data.append('\n');
        }
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail; the connection's errors are SQLExceptions
        }
    }

    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                return true;
            }
        }
        return false;
    }

    /** One value in COPY's text format: {@code \N} for NULL; backslash, tab, newline and carriage return escaped. */
    static void append(StringBuilder data, Object value) {
        if (value == null) {
            data.append("\\N");
            return;
        }
        String text = value instanceof Boolean b ? (b ? "t" : "f") : value.toString();
        if (!needsEscape(text)) {
            data.append(text); // nearly every value: ids, names, times
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> data.append("\\\\");
                case '\t' -> data.append("\\t");
                case '\n' -> data.append("\\n");
                case '\r' -> data.append("\\r");
                default -> data.append(ch);
            }
        }
    }
}
