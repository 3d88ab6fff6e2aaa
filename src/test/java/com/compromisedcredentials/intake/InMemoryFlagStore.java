package com.compromisedcredentials.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchDraft;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.LocalAccount;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectOutcome;

/**
 * The part of {@link FlagStore} the intake and the batch decisions use, in memory, for unit tests: batches with
 * their subjects, flags with their state. What the intake never calls throws, so a test notices if it starts to.
 */
final class InMemoryFlagStore implements FlagStore {

    final Map<String, Batch> batches = new LinkedHashMap<>();
    final Map<String, List<PlannedSubject>> plans = new LinkedHashMap<>();
    final Map<String, Flag> flags = new LinkedHashMap<>();
    int locks;
    private final LongSupplier clock;
    private int ids;

    InMemoryFlagStore(LongSupplier clock) {
        this.clock = clock;
    }

    /** A flag created outside the batch under test (another batch, earlier). */
    Flag flagDirectly(String realmId, String userId, long createdAt) {
        Flag flag = newFlag(realmId, userId, "earlier-batch", "earlier-feed", createdAt);
        flags.put(flag.id(), flag);
        return flag;
    }

    List<Flag> activeFlags() {
        return flags.values().stream().filter(Flag::isActive).toList();
    }

    @Override
    public Optional<Flag> findActive(String realmId, String userId) {
        return flags.values().stream().filter(f -> f.realmId().equals(realmId) && f.userId().equals(userId) && f.isActive())
                .findFirst();
    }

    @Override
    public Set<String> activeAmong(String realmId, Collection<String> userIds) {
        return userIds.stream().filter(id -> findActive(realmId, id).isPresent()).collect(Collectors.toSet());
    }

    @Override
    public long countFlagsCreatedSince(String realmId, long sinceMillis) {
        return flags.values().stream().filter(f -> f.realmId().equals(realmId) && f.createdAt() >= sinceMillis).count();
    }

    @Override
    public void lockRealm(String realmId) {
        locks++;
    }

    @Override
    public Optional<Batch> findBatch(String realmId, String batchId) {
        return Optional.ofNullable(batches.get(batchId)).filter(b -> b.realmId().equals(realmId));
    }

    @Override
    public Optional<Batch> findBatchByIdempotencyKey(String realmId, String idempotencyKey) {
        return batches.values().stream()
                .filter(b -> b.realmId().equals(realmId) && idempotencyKey.equals(b.idempotencyKey())).findFirst();
    }

    @Override
    public Batch storeBatch(String realmId, BatchDraft draft, String enforcementMode, String notification) {
        String id = "batch-" + (++ids);
        Batch batch = new Batch(id, realmId, draft.state(), draft.source(), draft.reason(), draft.userMessage(),
                draft.evidence(), draft.actorId(), draft.actorName(), draft.idempotencyKey(), draft.holdReason(),
                draft.counts(), clock.getAsLong(), null, null, null, null);
        batches.put(id, batch);
        plans.put(id, draft.plan());
        if (draft.state() == BatchState.APPLIED) {
            flagNewly(batch, draft.plan());
        }
        return batch;
    }

    @Override
    public List<Subject> batchSubjects(String batchId) {
        return plans.get(batchId).stream().map(PlannedSubject::subject).toList();
    }

    @Override
    public List<Subject> unmatchedSubjects(String batchId) {
        return plans.get(batchId).stream().filter(p -> p.outcome() == SubjectOutcome.UNMATCHED)
                .map(PlannedSubject::subject).toList();
    }

    @Override
    public Batch applyHeldBatch(String realmId, String batchId, List<PlannedSubject> plan, String enforcementMode,
            String notification, String approver) {
        Batch held = batches.get(batchId);
        Batch applied = new Batch(held.id(), held.realmId(), BatchState.APPLIED, held.source(), held.reason(),
                held.userMessage(), held.evidence(), held.actorId(), held.actorName(), held.idempotencyKey(),
                held.holdReason(), BatchDraft.countsOf(held.counts().received(), plan), held.createdAt(),
                clock.getAsLong(), approver, null, null);
        batches.put(batchId, applied);
        plans.put(batchId, plan);
        flagNewly(applied, plan);
        return applied;
    }

    @Override
    public Batch rejectHeldBatch(String realmId, String batchId, String actor) {
        Batch held = batches.get(batchId);
        Batch rejected = new Batch(held.id(), held.realmId(), BatchState.REJECTED, held.source(), held.reason(),
                held.userMessage(), held.evidence(), held.actorId(), held.actorName(), held.idempotencyKey(),
                held.holdReason(), held.counts(), held.createdAt(), clock.getAsLong(), actor, null, null);
        batches.put(batchId, rejected);
        return rejected;
    }

    @Override
    public List<Flag> revertBatch(String realmId, String batchId, String actor) {
        Batch applied = batches.get(batchId);
        batches.put(batchId, new Batch(applied.id(), applied.realmId(), BatchState.REVERTED, applied.source(),
                applied.reason(), applied.userMessage(), applied.evidence(), applied.actorId(), applied.actorName(),
                applied.idempotencyKey(), applied.holdReason(), applied.counts(), applied.createdAt(), applied.decidedAt(),
                applied.decidedBy(), clock.getAsLong(), actor));
        List<Flag> reverted = new ArrayList<>();
        for (Flag f : List.copyOf(flags.values())) {
            if (f.batchId().equals(batchId) && f.isActive()) {
                reverted.add(f);
                flags.put(f.id(), new Flag(f.id(), f.realmId(), f.userId(), f.batchId(), f.source(), f.reason(),
                        f.userMessage(), f.evidence(), f.createdBy(), f.enforcementMode(), FlagState.REVERTED,
                        f.createdAt(), null, null, null, null, clock.getAsLong(), actor, f.notification(), null));
            }
        }
        return reverted;
    }

    @Override
    public List<String> usersWithOpenFlags(String realmId, String batchId) {
        return flags.values().stream().filter(f -> f.realmId().equals(realmId) && f.batchId().equals(batchId) && f.isActive())
                .map(Flag::userId).toList();
    }

    private void flagNewly(Batch batch, List<PlannedSubject> plan) {
        for (PlannedSubject p : plan) {
            if (p.outcome() == SubjectOutcome.NEWLY_FLAGGED) {
                Flag flag = newFlag(batch.realmId(), p.userId(), batch.id(), batch.source(), clock.getAsLong());
                flags.put(flag.id(), flag);
            }
        }
    }

    private Flag newFlag(String realmId, String userId, String batchId, String source, long createdAt) {
        return new Flag("flag-" + (++ids), realmId, userId, batchId, source, null, null, null, "test", "step-up-reset",
                FlagState.ACTIVE, createdAt, null, null, null, null, null, null, "off", null);
    }

    // ---- not used by the intake

    @Override
    public Optional<Flag> findFlag(String realmId, String flagId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Flag> findLatest(String realmId, String userId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<Subject, LocalAccount> findLocalAccounts(String realmId, Collection<Subject> subjects) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Flag> listFlags(String realmId, FlagState state, int first, int max) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Flag> resolve(String realmId, String userId, String resolution) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Flag> dismiss(String realmId, String userId, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Stats stats(String realmId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Batch> listBatches(String realmId, BatchState state, int first, int max) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> usersWithStoredSessions(String realmId, Collection<String> userIds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean claimStepUpCode(String flagId, long now, int perHour) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int countWrongCode(String flagId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int wrongCodes(String flagId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean claimResetLink(String flagId, long now, long everyMillis) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean claimHeldNotice(String realmId, long now, long everyMillis) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setNotification(String flagId, String notification) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DigestClaim claimDigest(String realmId, long periodEnd) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void markStaged(String batchId, int slice, Long watchUntil) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Batch> batchesInState(String realmId, BatchState state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Subject> stagedSubjects(String batchId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Batch applyRest(String realmId, String batchId, List<PlannedSubject> plan, String enforcementMode,
            String notification, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean pauseCanary(String realmId, String batchId, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Batch dropRest(String realmId, String batchId, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CanaryHealth canaryHealth(String batchId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void releaseDigest(String realmId, long periodEnd) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DigestCounts digestCounts(String realmId, long from, long to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setPasswordlessSignedOut(String batchId, int count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeRealm(String realmId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeUser(String realmId, String userId) {
        throw new UnsupportedOperationException();
    }
}
