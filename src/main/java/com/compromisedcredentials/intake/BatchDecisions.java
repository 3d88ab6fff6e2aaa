package com.compromisedcredentials.intake;

import java.util.List;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.support.web.RequestRejected;

/**
 * The admin's decisions on a batch: approve or reject a held one, revert an applied one. Each takes the
 * realm's intake lock first, so that a decision and a new batch never interleave, and checks the batch's
 * state under it (a batch is approved, rejected or reverted once).
 */
public class BatchDecisions {

    private final FlagStore store;
    private final String realmId;
    private final boolean approverMustDiffer;

    public BatchDecisions(FlagStore store, String realmId, boolean approverMustDiffer) {
        this.store = store;
        this.realmId = realmId;
        this.approverMustDiffer = approverMustDiffer;
    }

    public SignalIntake.Result approve(String batchId, SignalIntake.Actor approver, SignalIntake intake) {
        return approve(batchId, approver, intake, null);
    }

    public SignalIntake.Result approve(String batchId, SignalIntake.Actor approver, SignalIntake intake, Boolean canary) {
        Batch batch = lockedBatch(batchId, BatchState.HELD, "batch_not_held", "Only a HELD batch can be approved");
        if (approverMustDiffer && approver.id() != null && approver.id().equals(batch.actorId())) {
            throw new RequestRejected(409, "approver_is_submitter",
                    "The realm policy requires that a held batch is approved by an admin other than the one who submitted it.");
        }
        return intake.approve(batch, approver, canary);
    }

    public Batch reject(String batchId, SignalIntake.Actor actor) {
        lockedBatch(batchId, BatchState.HELD, "batch_not_held", "Only a HELD batch can be rejected");
        return store.rejectHeldBatch(realmId, batchId, actor.name());
    }

    /**
     * Reverts the batch; returns the flags that were still active and are now REVERTED. {@code beforeFlagsLocked} runs
     * once the batch is known to be revertible (the realm's intake lock keeps it so) and before its flags are locked.
     */
    public List<Flag> revert(String batchId, SignalIntake.Actor actor, Runnable beforeFlagsLocked) {
        lockedBatch(batchId, java.util.Set.of(BatchState.APPLIED, BatchState.CANARY, BatchState.PAUSED), "batch_not_revertible",
                "Only an APPLIED, CANARY or PAUSED batch can be reverted");
        beforeFlagsLocked.run();
        return store.revertBatch(realmId, batchId, actor.name());
    }

    /** A staged batch (CANARY or PAUSED) an admin decides on now: its rest applied (continue) or dropped. */
    public Batch staged(String batchId, String action) {
        return lockedBatch(batchId, java.util.Set.of(BatchState.CANARY, BatchState.PAUSED), "batch_not_staged",
                "Only a CANARY or PAUSED batch can be " + action);
    }

    private Batch lockedBatch(String batchId, BatchState expected, String error, String what) {
        return lockedBatch(batchId, java.util.Set.of(expected), error, what);
    }

    private Batch lockedBatch(String batchId, java.util.Set<BatchState> expected, String error, String what) {
        store.lockRealm(realmId);
        Batch batch = store.findBatch(realmId, batchId)
                .orElseThrow(() -> new RequestRejected(404, "batch_not_found", "No batch '" + batchId + "' in this realm."));
        if (!expected.contains(batch.state())) {
            throw new RequestRejected(409, error, what + "; this one is " + batch.state() + ".");
        }
        return batch;
    }
}
