package com.compromisedcredentials.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.support.web.RequestRejected;
import org.junit.jupiter.api.Test;

/** Approve, reject and revert: each checks the batch's state under the realm's lock, so each happens once. */
class BatchDecisionsTest extends IntakeFixture {

    private Batch held() {
        return intake(1).submit(request(null, false, "alice", "bob"), ADMIN).batch();
    }

    private Batch applied() {
        return intake(100).submit(request(null, false, "alice", "bob"), ADMIN).batch();
    }

    private static void assertRejected(int status, String error, Runnable decision) {
        RequestRejected rejected = assertThrows(RequestRejected.class, decision::run);
        assertEquals(status, rejected.status());
        assertEquals(error, rejected.error());
    }

    @Test
    void onlyAHeldBatchCanBeApprovedOrRejected() {
        Batch applied = applied();
        BatchDecisions decisions = new BatchDecisions(store, REALM, false);

        assertRejected(409, "batch_not_held", () -> decisions.approve(applied.id(), ADMIN, intake(100)));
        assertRejected(409, "batch_not_held", () -> decisions.reject(applied.id(), ADMIN));
        assertRejected(404, "batch_not_found", () -> decisions.reject("no-such-batch", ADMIN));
        assertTrue(store.locks >= 3);
    }

    @Test
    void theSubmitterCannotApproveWhenThePolicySaysSo() {
        Batch held = held();

        assertRejected(409, "approver_is_submitter",
                () -> new BatchDecisions(store, REALM, true).approve(held.id(), ADMIN, intake(1)));
        assertEquals(BatchState.HELD, store.batches.get(held.id()).state());

        SignalIntake.Result result = new BatchDecisions(store, REALM, false).approve(held.id(), ADMIN, intake(1));
        assertEquals(BatchState.APPLIED, result.batch().state());
    }

    @Test
    void aRejectedBatchFlagsNobodyAndIsRejectedOnce() {
        Batch held = held();
        BatchDecisions decisions = new BatchDecisions(store, REALM, false);

        assertEquals(BatchState.REJECTED, decisions.reject(held.id(), ADMIN).state());
        assertTrue(store.activeFlags().isEmpty());
        assertRejected(409, "batch_not_held", () -> decisions.reject(held.id(), ADMIN));
        assertRejected(409, "batch_not_held", () -> decisions.approve(held.id(), ADMIN, intake(1)));
    }

    @Test
    void revertingAnAppliedBatchRevertsItsActiveFlagsOnce() {
        Batch applied = applied();
        BatchDecisions decisions = new BatchDecisions(store, REALM, false);

        List<Flag> reverted = decisions.revert(applied.id(), ADMIN, () -> { });

        assertEquals(2, reverted.size());
        assertTrue(store.activeFlags().isEmpty());
        assertTrue(store.flags.values().stream().allMatch(f -> f.state() == FlagState.REVERTED));
        assertEquals(BatchState.REVERTED, store.batches.get(applied.id()).state());
        assertRejected(409, "batch_not_revertible", () -> decisions.revert(applied.id(), ADMIN, () -> { }));
        assertRejected(409, "batch_not_revertible", () -> decisions.revert(held().id(), ADMIN, () -> { }));
    }
}
