package com.compromisedcredentials.intake;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchDraft;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectOutcome;

/**
 * Turns a validated signal request into a stored batch, one batch of a realm at a time:
 * <ul>
 * <li>an earlier batch with the same idempotency key is returned as it was, and nothing changes;</li>
 * <li>a dry run is stored as a PREVIEW with its counts only;</li>
 * <li>a batch whose new flags would cross the realm's blast-radius limit is HELD whole: nobody flagged;</li>
 * <li>anything else is APPLIED, flagging every newly matched account, in the caller's transaction.</li>
 * </ul>
 */
public class SignalIntake {

    /** Who submitted a batch: an admin (id and username) or a named system source. */
    public record Actor(String id, String name) {
    }

    /**
     * @param created false when an earlier batch with the same idempotency key was returned
     * @param newlyFlaggedUserIds the accounts flagged by this call (empty unless APPLIED)
     */
    public record Result(Batch batch, List<Subject> unmatchedSubjects, List<String> newlyFlaggedUserIds, boolean created,
            Map<String, Subject> newlySuspected, List<String> passwordlessUserIds) {

        public Result(Batch batch, List<Subject> unmatchedSubjects, List<String> newlyFlaggedUserIds, boolean created) {
            this(batch, unmatchedSubjects, newlyFlaggedUserIds, created, Map.of(), List.of());
        }
    }

    private final FlagStore store;
    private final SubjectResolver resolver;
    private final String realmId;
    private final BlastRadius.Limits limits;
    private final LongSupplier realmUserCount;
    private final String enforcementMode;
    private final String notification;
    private final LongSupplier clock;
    private final LeakVerification leakVerification;

    /**
     * How subjects that carry the leaked password are treated: {@code atLogin} true makes their flags SUSPECTED until
     * the next password login checks it (false: flagged ACTIVE like any other, the password is not kept);
     * {@code maxAgeMillis} is how long a suspicion waits for that login.
     */
    public record LeakVerification(boolean atLogin, long maxAgeMillis) {
        public static final LeakVerification OFF = new LeakVerification(false, Long.MAX_VALUE);
    }

    /**
     * When a batch is applied in stages: more new flags (and suspicions) than {@code threshold}, or asked for; its first
     * slice is {@code size} of them, chosen at random; the rest waits {@code watchMillis}.
     */
    public record Staging(long threshold, com.compromisedcredentials.policy.CanarySize size, long watchMillis) {
        public static final Staging OFF = new Staging(Long.MAX_VALUE, new com.compromisedcredentials.policy.CanarySize(false, 1),
                Long.MAX_VALUE);
    }

    private Staging staging = Staging.OFF;

    /** Stages batches as the realm's policy says (off unless set). */
    public SignalIntake staging(Staging staging) {
        this.staging = staging;
        return this;
    }

    /**
     * @param realmUserCount counted only when the hourly limit is not already crossed
     * @param enforcementMode the mode recorded on new flags
     * @param notification what new flags record about their email at first ({@code queued} or {@code off})
     */
    public SignalIntake(FlagStore store, SubjectResolver resolver, String realmId, BlastRadius.Limits limits,
            LongSupplier realmUserCount, String enforcementMode, String notification, LongSupplier clock) {
        this(store, resolver, realmId, limits, realmUserCount, enforcementMode, notification, clock, LeakVerification.OFF);
    }

    public SignalIntake(FlagStore store, SubjectResolver resolver, String realmId, BlastRadius.Limits limits,
            LongSupplier realmUserCount, String enforcementMode, String notification, LongSupplier clock,
            LeakVerification leakVerification) {
        this.leakVerification = leakVerification;
        this.store = store;
        this.resolver = resolver;
        this.realmId = realmId;
        this.limits = limits;
        this.realmUserCount = realmUserCount;
        this.enforcementMode = enforcementMode;
        this.notification = notification;
        this.clock = clock;
    }

    public Result submit(SignalRequest request, Actor actor) {
        return submit(request, actor, true);
    }

    /**
     * @param guarded false only for a single account's signal found at its own login (a breached password Keycloak
     *                has just verified): it is not a feed's guess, and holding it would let that very login through
     */
    public Result submit(SignalRequest request, Actor actor, boolean guarded) {
        store.lockRealm(realmId);
        if (request.idempotencyKey() != null) {
            Optional<Batch> earlier = store.findBatchByIdempotencyKey(realmId, request.idempotencyKey());
            if (earlier.isPresent()) {
                return new Result(earlier.get(), store.unmatchedSubjects(earlier.get().id()), List.of(), false);
            }
        }
        if (leakVerification.atLogin()) {
            store.expireSuspected(realmId, clock.getAsLong() - leakVerification.maxAgeMillis());
        }
        List<PlannedSubject> plan = planner(leakKeyedHashes(request)).plan(request.subjects());
        // the guard counts flags that reach users now; suspicions reach nobody until the password proves current
        long newFlags = plan.stream().filter(p -> reachesUser(p.outcome())).count();

        BatchState state;
        String holdReason = null;
        if (request.dryRun()) {
            state = BatchState.PREVIEW;
        } else {
            holdReason = guarded ? holdReason(newFlags).orElse(null) : null;
            state = holdReason == null ? BatchState.APPLIED : BatchState.HELD;
        }
        int slice = 0;
        if (state != BatchState.HELD) {
            Staged staged = stage(plan, request.canary());
            plan = staged.plan();
            slice = staged.slice();
            if (slice > 0 && state == BatchState.APPLIED) {
                state = BatchState.CANARY;
            }
        }
        BatchDraft draft = new BatchDraft(state, request.source(), request.reason(), request.userMessage(),
                request.evidence(), actor.id(), actor.name(), request.idempotencyKey(), holdReason,
                request.subjects().size(), plan);
        Batch batch = store.storeBatch(realmId, draft, enforcementMode, notification);
        if (slice > 0) {
            store.markStaged(batch.id(), slice, state == BatchState.CANARY ? clock.getAsLong() + staging.watchMillis() : null);
            batch = store.findBatch(realmId, batch.id()).orElse(batch);
        }

        List<Subject> unmatched = plan.stream().filter(p -> p.outcome() == SubjectOutcome.UNMATCHED)
                .map(PlannedSubject::subject).toList();
        boolean applied = state == BatchState.APPLIED || state == BatchState.CANARY;
        return new Result(batch, unmatched, applied ? newlyFlagged(plan) : List.of(), true,
                applied ? newlySuspected(plan) : Map.of(), applied ? passwordless(plan) : List.of());
    }

    /** Applies a HELD batch as an admin approved it, whatever the limits: the approval is the point. */
    public Result approve(Batch held, Actor approver) {
        return approve(held, approver, null);
    }

    /** @param canary the approver's choice: true stages it whatever its size, false applies it whole, null as the policy says */
    public Result approve(Batch held, Actor approver, Boolean canary) {
        Map<Subject, String> leaks = leakVerification.atLogin() ? store.heldLeakKeyedHashes(held.id()) : Map.of();
        List<PlannedSubject> fresh = planner(leaks).plan(store.batchSubjects(held.id()));
        Staged staged = Boolean.FALSE.equals(canary) ? new Staged(fresh, 0) : stage(fresh, Boolean.TRUE.equals(canary));
        List<PlannedSubject> plan = staged.plan();
        Batch batch = store.applyHeldBatch(realmId, held.id(), plan, enforcementMode, notification, approver.name());
        if (staged.slice() > 0) {
            store.markStaged(batch.id(), staged.slice(), clock.getAsLong() + staging.watchMillis());
            batch = store.findBatch(realmId, batch.id()).orElse(batch);
        }
        List<Subject> unmatched = plan.stream().filter(p -> p.outcome() == SubjectOutcome.UNMATCHED)
                .map(PlannedSubject::subject).toList();
        return new Result(batch, unmatched, newlyFlagged(plan), true, Map.of(), passwordless(plan));
    }

    /**
     * Applies a staged batch's rest, planned afresh (accounts may have changed while it waited). {@code guarded}: through
     * the blast-radius guard (the watch window ended), which may refuse it: then nothing changes and the outcome says
     * why (the caller pauses the batch). An admin's continue is not guarded: it is the approval.
     */
    public RestOutcome applyRest(Batch staged, Actor actor, boolean guarded) {
        store.lockRealm(realmId);
        Map<Subject, String> leaks = leakVerification.atLogin() ? store.heldLeakKeyedHashes(staged.id()) : Map.of();
        List<PlannedSubject> plan = planner(leaks).plan(store.stagedSubjects(staged.id()));
        long newFlags = plan.stream().filter(p -> reachesUser(p.outcome())).count();
        Optional<String> refused = guarded ? holdReason(newFlags) : Optional.empty();
        if (refused.isPresent()) {
            return new RestOutcome(null, refused.get());
        }
        Batch batch = store.applyRest(realmId, staged.id(), plan, enforcementMode, notification, actor.name());
        List<Subject> unmatched = plan.stream().filter(p -> p.outcome() == SubjectOutcome.UNMATCHED)
                .map(PlannedSubject::subject).toList();
        return new RestOutcome(new Result(batch, unmatched, newlyFlagged(plan), true, newlySuspected(plan), passwordless(plan)), null);
    }

    /** The rest applied (its result), or why the guard refused it. */
    public record RestOutcome(Result applied, String refused) {
    }

    private record Staged(List<PlannedSubject> plan, int slice) {
    }

    /**
     * Stages a plan if the policy says so (or the request asked): a random slice of its new flags and suspicions stays,
     * the rest becomes STAGED. Unstaged plans come back as they were, with slice 0.
     */
    private Staged stage(List<PlannedSubject> plan, boolean asked) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            SubjectOutcome outcome = plan.get(i).outcome();
            if (outcome == SubjectOutcome.NEWLY_FLAGGED || outcome == SubjectOutcome.NEWLY_SUSPECTED) {
                candidates.add(i);
            }
        }
        if (!asked && candidates.size() <= staging.threshold()) {
            return new Staged(plan, 0);
        }
        int slice = staging.size().sliceOf(candidates.size());
        if (slice >= candidates.size() || slice == 0) {
            return new Staged(plan, 0);
        }
        Collections.shuffle(candidates, new SecureRandom()); // not the first of the feed: a random slice of it
        List<PlannedSubject> staged = new ArrayList<>(plan);
        for (int i : candidates.subList(slice, candidates.size())) {
            staged.set(i, plan.get(i).withOutcome(SubjectOutcome.STAGED));
        }
        return new Staged(staged, slice);
    }

    private Optional<String> holdReason(long newFlags) {
        long now = clock.getAsLong();
        long[] created = store.countFlagsCreatedSince(realmId, now - 3_600_000L, now - 86_400_000L);
        return BlastRadius.hourly(newFlags, created[0], limits)
                .or(() -> BlastRadius.daily(newFlags, created[1], realmUserCount.getAsLong(), limits));
    }

    /** The keyed hashes of the leaked passwords the subjects carried; none when leak verification is off. */
    private Map<Subject, String> leakKeyedHashes(SignalRequest request) {
        if (!leakVerification.atLogin() || request.leaked().isEmpty()) {
            return Map.of();
        }
        byte[] key = store.leakKey(realmId);
        Map<Subject, String> hashes = new HashMap<>();
        request.leaked().forEach((subject, password) -> hashes.put(subject, password.keyedHash(key)));
        return hashes;
    }

    private BatchPlanner planner(Map<Subject, String> leakKeyedHashes) {
        return new BatchPlanner(resolver, userIds -> store.openAmong(realmId, userIds), leakKeyedHashes);
    }

    /** Whether the outcome makes a flag that reaches its user now (email, session revocation, reset). */
    static boolean reachesUser(SubjectOutcome outcome) {
        return outcome == SubjectOutcome.NEWLY_FLAGGED || outcome == SubjectOutcome.ESCALATED;
    }

    /** The accounts made SUSPECTED, with the subject that named them. */
    private static Map<String, Subject> newlySuspected(List<PlannedSubject> plan) {
        Map<String, Subject> suspected = new HashMap<>();
        plan.stream().filter(p -> p.outcome() == SubjectOutcome.NEWLY_SUSPECTED).forEach(p -> suspected.put(p.userId(), p.subject()));
        return suspected;
    }

    /** The matched accounts that have no password to reset (never flagged for a password compromise). */
    private static List<String> passwordless(List<PlannedSubject> plan) {
        return plan.stream().filter(p -> p.outcome() == SubjectOutcome.NO_PASSWORD).map(PlannedSubject::userId).toList();
    }

    private static List<String> newlyFlagged(List<PlannedSubject> plan) {
        return plan.stream().filter(p -> reachesUser(p.outcome())).map(PlannedSubject::userId).toList();
    }
}
