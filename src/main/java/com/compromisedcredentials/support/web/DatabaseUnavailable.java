package com.compromisedcredentials.support.web;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;

/**
 * The admin API's answer when the database cannot be reached — restarted, failed over, the network cut: a 503
 * {@code database_unavailable} with {@code Retry-After}, the transaction rolled back, nothing applied. Without it
 * Keycloak answers such a failure with a bare 500, which a feed or a SIEM cannot tell from a bug.
 * <p>
 * A write runs to the end of its transaction inside the call ({@link #write}): it is committed before the answer
 * leaves, as Keycloak's own user API does, so that a failed commit is answered too and a 2xx always means stored.
 * Should the connection die after the database committed but before it said so, the caller cannot know; a retry with
 * the same idempotency key is then safe, as the README says.
 */
public final class DatabaseUnavailable {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailable.class);
    /** The error code of the 503. */
    public static final String ERROR = "database_unavailable";
    /** The seconds a caller is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 30;

    private DatabaseUnavailable() {
    }

    /**
     * Runs a read; a lost database becomes the 503, its transaction rolled back (else Keycloak would try to commit it
     * at the end of the request and answer its failure with a 500).
     */
    public static <T> T read(KeycloakSession session, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw translated(session, e);
        }
    }

    /**
     * Runs a write and commits the request's transaction before returning its answer; a lost database, during the
     * work or at the commit, becomes the 503 with everything rolled back. Other failures pass through as they were.
     */
    public static <T> T write(KeycloakSession session, Supplier<T> work) {
        KeycloakTransactionManager transaction = session.getTransactionManager();
        try {
            T answer = work.get();
            if (transaction.isActive() && !transaction.getRollbackOnly()) {
                transaction.commit();
            }
            return answer;
        } catch (RuntimeException e) {
            throw translated(session, e);
        }
    }

    private static RuntimeException translated(KeycloakSession session, RuntimeException e) {
        if (!isConnectionFailure(e)) {
            return e;
        }
        KeycloakTransactionManager transaction = session.getTransactionManager();
        if (transaction.isActive()) {
            try {
                transaction.rollback();
            } catch (RuntimeException alsoLost) {
                e.addSuppressed(alsoLost);
            }
        }
        LOG.warnf("The database could not be reached; the request was answered 503 and its transaction rolled back (%s)", rootMessage(e));
        LOG.debug("Lost database connection", e);
        return ApiException.retryLater(503, ERROR, "The database could not be reached, so nothing was changed. Retry in "
                + RETRY_AFTER_SECONDS + " seconds; with the same idempotency key a retry is always safe.", RETRY_AFTER_SECONDS);
    }

    /**
     * Whether a failure anywhere in its causes is a lost or refused database connection: a JDBC connection exception
     * (SQLState class 08), PostgreSQL's shutdown and start-up refusals (57P01, 57P02, 57P03), the pool's transient
     * connection failure, or a socket that was refused, reset or closed under the driver.
     */
    public static boolean isConnectionFailure(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.push(failure);
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof EOFException || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
            List<Throwable> next = new ArrayList<>(Arrays.asList(t.getSuppressed()));
            next.add(t.getCause());
            if (t instanceof SQLException sql) {
                next.add(sql.getNextException());
            }
            next.stream().filter(Objects::nonNull).forEach(todo::push);
        }
        return false;
    }

    static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03"));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
