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
        Batch batch = lockedBatch(batchId, BatchState.HELD, "batch_not_held", "Only a HELD batch can be approved");
        if (approverMustDiffer && approver.id() != null && approver.id().equals(batch.actorId())) {
            throw new RequestRejected(409, "approver_is_submitter",
                    "The realm policy requires that a held batch is approved by an admin other than the one who submitted it.");
        }
        return intake.approve(batch, approver);
    }

    public Batch reject(String batchId, SignalIntake.Actor actor) {
        lockedBatch(batchId, BatchState.HELD, "batch_not_held", "Only a HELD batch can be rejected");
        return store.rejectHeldBatch(realmId, batchId, actor.name());
    }

    /** Reverts the batch; returns the flags that were still active and are now REVERTED. */
    public List<Flag> revert(String batchId, SignalIntake.Actor actor) {
        lockedBatch(batchId, BatchState.APPLIED, "batch_not_revertible", "Only an APPLIED batch can be reverted");
        return store.revertBatch(realmId, batchId, actor.name());
    }

    private Batch lockedBatch(String batchId, BatchState expected, String error, String what) {
        store.lockRealm(realmId);
        Batch batch = store.findBatch(realmId, batchId)
                .orElseThrow(() -> new RequestRejected(404, "batch_not_found", "No batch '" + batchId + "' in this realm."));
        if (batch.state() != expected) {
            throw new RequestRejected(409, error, what + "; this one is " + batch.state() + ".");
        }
        return batch;
    }
}
