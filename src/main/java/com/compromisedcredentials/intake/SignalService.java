package com.compromisedcredentials.intake;

import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.LeakCheck;
import com.compromisedcredentials.flag.LeakedPassword;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.notify.Notifier;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Every way a flag comes or goes, for one realm, with its consequences: the REST API, the Shared Signals
 * receiver and the login-time checks all go through here, so every flag passes the same guard and is
 * followed by the same session revocation and emails (queued in the same transaction).
 */
public final class SignalService {

    private static final Logger LOG = Logger.getLogger(SignalService.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RealmPolicy policy;
    private final Notifier notifier;

    public SignalService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.policy = RealmPolicy.of(realm);
        this.notifier = new Notifier(session, realm);
    }

    public SignalIntake.Result submit(SignalRequest request, SignalIntake.Actor actor) {
        SignalIntake.Result result = intake().submit(request, actor);
        if (result.created() && result.batch().state() == BatchState.HELD) {
            notifier.batchHeld(result.batch());
        }
        result = afterApply(result);
        if (policy.leakVerificationImmediate() && !request.plaintexts().isEmpty()) {
            List<LeakVerifier.Candidate> candidates = new java.util.ArrayList<>();
            result.newlySuspected().forEach((userId, subject) -> {
                String plaintext = request.plaintexts().of(subject);
                if (plaintext != null) {
                    candidates.add(new LeakVerifier.Candidate(userId, plaintext));
                }
            });
            session.getProvider(LeakVerifier.class).checkAfterCommit(session, realm.getId(), result.batch().id(), candidates);
        }
        return result;
    }

    /**
     * Records the {@code immediate} check's verdict on the user's SUSPECTED flag: the same password marks it
     * {@code matched}, to be confirmed with the rest of its batch's matches by {@link #confirmMatches}; another ends it
     * {@code password-differs}. Nothing if it is no longer suspected.
     */
    public LeakCheck settleImmediately(String userId, boolean samePassword) {
        return store().settleSuspected(realm.getId(), userId, samePassword);
    }

    /**
     * Once the {@code immediate} check of a batch is over: its matches (flags still SUSPECTED and {@code matched})
     * go through the blast-radius guard together, as one batch of the same source and reason named by user id, so
     * that proven leaks are flagged as any batch is (emails, sign-out) or held whole for an admin when they are more
     * than the realm's limits allow. Idempotent: a second call finds the first batch by its key.
     */
    public Optional<SignalIntake.Result> confirmMatches(String batchId) {
        store().lockRealm(realm.getId());
        List<String> matched = store().matchedOfBatch(realm.getId(), batchId);
        Optional<Batch> origin = store().findBatch(realm.getId(), batchId);
        if (matched.isEmpty() || origin.isEmpty()) {
            return Optional.empty();
        }
        Batch batch = origin.get();
        List<Subject> subjects = matched.stream().map(id -> new Subject(SubjectKind.USER_ID, id)).toList();
        String evidence = "The immediate check of batch " + batchId + " found the leaked password to be the account's "
                + "current password.";
        SignalRequest request = new SignalRequest(batch.source(), batch.reason(), batch.userMessage(), evidence, subjects,
                CONFIRMATION_KEY_PREFIX + batchId, false);
        return Optional.of(submit(request, new SignalIntake.Actor(null, LeakCheck.ACTOR)));
    }

    /** The idempotency key of the batch that confirms another batch's matches: this prefix and that batch's id. */
    public static final String CONFIRMATION_KEY_PREFIX = "leak-verification:";

    /**
     * One account's signal found at its own login, after Keycloak verified the password (the breach check): applied
     * whatever the blast-radius limits, which are meant for feeds that may be wrong, so that this login goes on to the
     * reset instead of through. It still counts towards the limits of later batches.
     */
    public SignalIntake.Result submitAtLogin(SignalRequest request, SignalIntake.Actor actor) {
        SignalIntake.Result result = intake().submit(request, actor, false);
        result = afterApply(result);
        return result;
    }

    public SignalIntake.Result approve(String batchId, SignalIntake.Actor approver) {
        return approve(batchId, approver, null);
    }

    /** @param canary the approver's choice: true stages the batch whatever its size, false applies it whole, null as the policy says */
    public SignalIntake.Result approve(String batchId, SignalIntake.Actor approver, Boolean canary) {
        SignalIntake.Result result = decisions().approve(batchId, approver, intake(), canary);
        result = afterApply(result);
        return result;
    }

    /** An admin applies a staged batch's rest now (the watch window need not have ended; no guard: this is the approval). */
    public SignalIntake.Result continueStaged(String batchId, SignalIntake.Actor actor) {
        Batch staged = decisions().staged(batchId, "continued");
        SignalIntake.Result result = intake().applyRest(staged, actor, false).applied();
        return afterApply(result);
    }

    /** An admin drops a staged batch's rest: it is never applied; the slice stays as it is. */
    public Batch dropRest(String batchId, SignalIntake.Actor actor) {
        decisions().staged(batchId, "dropped");
        return store().dropRest(realm.getId(), batchId, actor.name());
    }

    /**
     * The watch window of a CANARY batch ended healthy: its rest goes through the blast-radius guard (unless an admin
     * approved the batch when it was held). Returns why the guard refused it (the batch is then paused for an admin),
     * or null once applied.
     */
    public String applyRestAfterWatch(Batch staged) {
        // a held batch an admin approved was staged under that approval: its rest is not held again
        SignalIntake.RestOutcome outcome = intake().applyRest(staged, new SignalIntake.Actor(null, CanaryWatch.ACTOR),
                staged.decidedBy() == null);
        if (outcome.refused() != null) {
            String reason = "the rest would cross the blast-radius limit: " + outcome.refused();
            pause(staged, reason);
            return reason;
        }
        afterApply(outcome.applied());
        return null;
    }

    /** Pauses a CANARY batch and tells the policy's admins why (the held-batch addresses). */
    public boolean pause(Batch staged, String reason) {
        if (!store().pauseCanary(realm.getId(), staged.id(), reason)) {
            return false;
        }
        LOG.warnf("Staged batch %s in realm %s paused: %s", staged.id(), realm.getName(), reason);
        notifier.batchPaused(staged);
        return true;
    }

    public Batch reject(String batchId, SignalIntake.Actor actor) {
        return decisions().reject(batchId, actor);
    }

    /** Reverts a batch; returns the flags reverted and queues corrections if {@code notifyUsers}. */
    public Reverted revert(String batchId, SignalIntake.Actor actor, boolean notifyUsers) {
        // as for a dismissal (below): the batch's waiting flag emails are cancelled before its flags are locked
        List<Flag> reverted = decisions().revert(batchId, actor,
                () -> notifier.cancelWaiting(store().usersWithOpenFlags(realm.getId(), batchId)));
        FlagEnforcement.removePendingReset(session, realm, reverted.stream().map(Flag::userId).toList());
        int corrections = notifier.reverted(reverted, notifyUsers);
        return new Reverted(reverted, corrections);
    }

    public record Reverted(List<Flag> flags, int corrections) {
    }

    public Optional<Flag> dismiss(String userId, SignalIntake.Actor actor) {
        // the user's waiting flag email first, the flag after: the outbox's sender claims an email, sends it and then
        // writes its flag's notification, all in one transaction, so a dismissal that held the flag while it waited
        // for the email's row would deadlock with a send in progress; this way it waits for the send, then finds the
        // email sent (an email cancelled for a flag that turns out not to be open would have been skipped anyway)
        notifier.cancelWaiting(List.of(userId));
        Optional<Flag> dismissed = store().dismiss(realm.getId(), userId, actor.name());
        dismissed.ifPresent(flag -> FlagEnforcement.removePendingReset(session, realm, List.of(userId)));
        return dismissed;
    }

    /** Resolves the user's active flag (their password changed), recording how, and confirms by email. */
    public Optional<Flag> resolve(String userId, String resolution) {
        Optional<Flag> resolved = store().resolve(realm.getId(), userId, resolution);
        resolved.ifPresent(notifier::passwordChanged);
        return resolved;
    }

    /** What an applied batch does beyond its flags; returns the result with the batch as it now stands. */
    private SignalIntake.Result afterApply(SignalIntake.Result result) {
        List<String> flagged = result.newlyFlaggedUserIds();
        if (!flagged.isEmpty()) {
            notifier.flagged(flagged, result.batch().id());
            if (policy.flag(PolicySetting.REVOKE_SESSIONS)) {
                FlagEnforcement.revokeSessions(session, realm, flagged);
            }
        }
        List<String> passwordless = result.passwordlessUserIds();
        if (passwordless.isEmpty() || !policy.flag(PolicySetting.REVOKE_SESSIONS_FOR_PASSWORDLESS)) {
            return result;
        }
        // no password to reset, but what leaked may still open their sessions: the admin asked to end those too
        FlagEnforcement.revokeSessions(session, realm, passwordless);
        store().setPasswordlessSignedOut(result.batch().id(), passwordless.size());
        LOG.infof("Batch %s in realm %s: %d matched accounts without a password signed out (revokeSessionsForPasswordless)",
                result.batch().id(), realm.getName(), passwordless.size());
        Batch batch = store().findBatch(realm.getId(), result.batch().id()).orElse(result.batch());
        return new SignalIntake.Result(batch, result.unmatchedSubjects(), flagged, result.created(), result.newlySuspected(),
                passwordless);
    }

    private SignalIntake intake() {
        BlastRadius.Limits limits = new BlastRadius.Limits(policy.number(PolicySetting.MAX_FLAGS_PER_HOUR),
                policy.number(PolicySetting.MAX_FLAGS_PER_DAY_PERCENT));
        return new SignalIntake(store(),
                new KeycloakSubjectResolver(session, realm, policy.value(PolicySetting.EXCLUDED_GROUP)),
                realm.getId(), limits, () -> session.users().getUsersCount(realm), policy.enforcementMode().wireName(),
                notifier.initialFlagNotification(), Time::currentTimeMillis, leakVerification())
                .staging(new SignalIntake.Staging(policy.number(PolicySetting.CANARY_THRESHOLD),
                        com.compromisedcredentials.policy.CanarySize.parse(policy.value(PolicySetting.CANARY_SIZE))
                                .orElse(new com.compromisedcredentials.policy.CanarySize(true, 2)),
                        policy.number(PolicySetting.CANARY_WATCH_MINUTES) * 60_000L));
    }

    private SignalIntake.LeakVerification leakVerification() {
        return policy.leakVerificationAtLogin()
                ? new SignalIntake.LeakVerification(true, policy.suspectedMaxAgeMillis())
                : SignalIntake.LeakVerification.OFF;
    }

    /**
     * Checks the user's SUSPECTED flag against the password Keycloak has just verified at this login: a match makes it
     * ACTIVE (the caller then starts the reset in this login) and signs the user out of their other sessions if the
     * policy says so; otherwise the suspicion ends and nothing reaches the user.
     */
    public LeakCheck verifyAtLogin(String userId, String typedPassword) {
        LeakCheck outcome = store().verifySuspected(realm.getId(), userId, LeakedPassword.ofPlaintext(typedPassword),
                Time.currentTimeMillis() - policy.suspectedMaxAgeMillis());
        if (outcome == LeakCheck.CONFIRMED && policy.flag(PolicySetting.REVOKE_SESSIONS)) {
            FlagEnforcement.revokeSessions(session, realm, List.of(userId));
        }
        return outcome;
    }

    private BatchDecisions decisions() {
        return new BatchDecisions(store(), realm.getId(), policy.flag(PolicySetting.APPROVER_MUST_DIFFER));
    }

    private FlagStore store() {
        return session.getProvider(FlagStore.class);
    }
}
