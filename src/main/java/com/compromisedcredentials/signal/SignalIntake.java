package com.compromisedcredentials.signal;

import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchDraft;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.EnforcementMode;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectOutcome;

/**
 * Turns a validated signal request into a stored batch: an earlier batch with the same idempotency key is
 * returned as it was; a dry run is stored as a PREVIEW with its counts only; anything else is applied,
 * flagging every newly matched account, in the caller's transaction (all or nothing).
 */
public class SignalIntake {

    /** Who submitted a batch: an admin (id and username) or a named system source. */
    public record Actor(String id, String name) {
    }

    /** @param created false when an earlier batch with the same idempotency key was returned */
    public record Result(Batch batch, List<Subject> unmatchedSubjects, List<String> newlyFlaggedUserIds, boolean created) {
    }

    private final FlagStore store;
    private final SubjectResolver resolver;
    private final String realmId;

    public SignalIntake(FlagStore store, SubjectResolver resolver, String realmId) {
        this.store = store;
        this.resolver = resolver;
        this.realmId = realmId;
    }

    public Result submit(SignalRequest request, Actor actor) {
        if (request.idempotencyKey() != null) {
            Optional<Batch> earlier = store.findBatchByIdempotencyKey(realmId, request.idempotencyKey());
            if (earlier.isPresent()) {
                return new Result(earlier.get(), store.unmatchedSubjects(earlier.get().id()), List.of(), false);
            }
        }
        List<PlannedSubject> plan = new BatchPlanner(resolver, userId -> store.findActive(realmId, userId).isPresent())
                .plan(request.subjects());
        BatchState state = request.dryRun() ? BatchState.PREVIEW : BatchState.APPLIED;
        BatchDraft draft = new BatchDraft(state, request.source(), request.reason(), request.userMessage(),
                request.evidence(), actor.id(), actor.name(), request.idempotencyKey(), request.subjects().size(), plan);
        // Until the step-up lands, a plain reset is the one mode enforced at login; flags record it truthfully.
        Batch batch = store.storeBatch(realmId, draft, EnforcementMode.RESET.wireName());

        List<Subject> unmatched = plan.stream().filter(p -> p.outcome() == SubjectOutcome.UNMATCHED)
                .map(PlannedSubject::subject).toList();
        List<String> newlyFlagged = state != BatchState.APPLIED ? List.of() : plan.stream()
                .filter(p -> p.outcome() == SubjectOutcome.NEWLY_FLAGGED).map(PlannedSubject::userId).toList();
        return new Result(batch, unmatched, newlyFlagged, true);
    }
}
