package com.compromisedcredentials.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.compromisedcredentials.flag.BatchState;
import org.junit.jupiter.api.Test;

/** The intake's decisions, against an in-memory store: no server, no database. */
class SignalIntakeTest extends IntakeFixture {

    @Test
    void anIdempotencyKeyReturnsTheFirstBatchAndChangesNothing() {
        SignalIntake.Result first = intake(100).submit(request("key-1", false, "alice", "ghost"), ADMIN);
        SignalIntake.Result again = intake(100).submit(request("key-1", false, "bob", "carol"), ADMIN);

        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.batch().id(), again.batch().id());
        assertEquals(List.of(user("ghost")), again.unmatchedSubjects());
        assertEquals(List.of(), again.newlyFlaggedUserIds());
        assertEquals(1, store.batches.size());
        assertEquals(List.of("id-alice"), store.activeFlags().stream().map(f -> f.userId()).toList());
    }

    @Test
    void aDryRunIsStoredAsAPreviewAndFlagsNobody() {
        SignalIntake.Result result = intake(100).submit(request(null, true, "alice", "bob", "ghost"), ADMIN);

        assertEquals(BatchState.PREVIEW, result.batch().state());
        assertEquals(2, result.batch().counts().newlyFlagged());
        assertEquals(1, result.batch().counts().unmatched());
        assertEquals(List.of(), result.newlyFlaggedUserIds());
        assertTrue(store.activeFlags().isEmpty());
    }

    @Test
    void aBatchOverTheHourlyLimitIsHeldWhole() {
        store.flagDirectly(REALM, "id-dave", NOW - 60_000L);

        SignalIntake.Result result = intake(3).submit(request(null, false, "alice", "bob", "carol"), ADMIN);

        assertEquals(BatchState.HELD, result.batch().state());
        assertTrue(result.batch().holdReason().contains("last hour"), result.batch().holdReason());
        assertEquals(List.of(), result.newlyFlaggedUserIds());
        assertEquals(List.of("id-dave"), store.activeFlags().stream().map(f -> f.userId()).toList());
    }

    @Test
    void aBatchWithinTheLimitIsApplied() {
        SignalIntake.Result result = intake(3).submit(request(null, false, "alice", "bob", "carol"), ADMIN);

        assertEquals(BatchState.APPLIED, result.batch().state());
        assertNull(result.batch().holdReason());
        assertEquals(List.of("id-alice", "id-bob", "id-carol"), result.newlyFlaggedUserIds());
    }

    @Test
    void approvingAHeldBatchAppliesItWithAFreshPlan() {
        SignalIntake intake = intake(1);
        SignalIntake.Result held = intake.submit(request(null, false, "alice", "bob", "carol"), ADMIN);
        assertEquals(BatchState.HELD, held.batch().state());
        // while it waited, bob was flagged by another batch
        store.flagDirectly(REALM, "id-bob", NOW);

        SignalIntake.Result approved = new BatchDecisions(store, REALM, false)
                .approve(held.batch().id(), new SignalIntake.Actor("other-admin", "other"), intake);

        assertEquals(BatchState.APPLIED, approved.batch().state());
        assertEquals("other", approved.batch().decidedBy());
        assertEquals(List.of("id-alice", "id-carol"), approved.newlyFlaggedUserIds());
        assertEquals(1, approved.batch().counts().alreadyFlagged());
        assertEquals(3, store.activeFlags().size());
    }
}
