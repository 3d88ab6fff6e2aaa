package com.compromisedcredentials.support.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void connectionStatesAndSocketsBuriedInPersistenceFailuresAreLostDatabases() {
        // PostgreSQL refusing connections while it restarts, as Hibernate and the pool wrap it
        assertTrue(DatabaseUnavailable.isConnectionFailure(new PersistenceException("could not prepare statement",
                new RuntimeException(new SQLException("Connection to 127.0.0.1:5432 refused.", "08001", new ConnectException())))));
        // a connection the server terminated on shutdown
        assertTrue(DatabaseUnavailable.isConnectionFailure(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseUnavailable.isConnectionFailure(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseUnavailable.isConnectionFailure(new SQLException("An I/O error occurred", "08006", new EOFException())));
        assertTrue(DatabaseUnavailable.isConnectionFailure(new SQLTransientConnectionException("Sorry, acquisition timeout!")));
        // a commit that failed, its cause attached as suppressed
        RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new SQLException("This connection has been closed.", "08003"));
        assertTrue(DatabaseUnavailable.isConnectionFailure(commit));
        // the next exception of a batch update
        SQLException batch = new SQLException("Batch entry 0 was aborted", "40001");
        batch.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertTrue(DatabaseUnavailable.isConnectionFailure(new PersistenceException(batch)));
    }

    @Test
    void otherDatabaseFailuresAndBugsAreNot() {
        assertFalse(DatabaseUnavailable.isConnectionFailure(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseUnavailable.isConnectionFailure(new SQLException("deadlock detected", "40P01")));
        assertFalse(DatabaseUnavailable.isConnectionFailure(new SQLException("no state")));
        assertFalse(DatabaseUnavailable.isConnectionFailure(new IllegalStateException("a bug")));
        RuntimeException cycle = new RuntimeException("cycle");
        RuntimeException other = new RuntimeException("other", cycle);
        cycle.initCause(other);
        assertFalse(DatabaseUnavailable.isConnectionFailure(cycle));
    }

    @Test
    void otherFailuresOfAReadPassThroughUnchanged() {
        // the 503 itself needs the JAX-RS runtime and a session: DatabaseRestartIT checks it on a real Keycloak
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> DatabaseUnavailable.read(null, () -> {
            throw bug;
        })));
        assertEquals("ok", DatabaseUnavailable.read(null, () -> "ok"));
    }
}
