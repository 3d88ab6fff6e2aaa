package com.compromisedcredentials.flag;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.compromisedcredentials.support.store.RealmData;

/**
 * The persistent record of batches and flags. One implementation per storage; obtain it with
 * {@code session.getProvider(FlagStore.class)}. Every method joins the session's transaction.
 */
public interface FlagStore extends RealmData {

    // ---- flags

    /** The user's one ACTIVE flag, if any (not a SUSPECTED one). This is the lookup on every login: one indexed query. */
    Optional<Flag> findActive(String realmId, String userId);

    /**
     * The user's one open flag, ACTIVE or SUSPECTED (both hold the slot of {@code ACTIVE_USER_ID}), in the same one
     * indexed query as {@link #findActive}.
     */
    default Optional<Flag> findOpen(String realmId, String userId) {
        return findActive(realmId, userId);
    }

    /** Of these users, the ones with an open flag (ACTIVE or SUSPECTED), with its state. */
    default Map<String, FlagState> openAmong(String realmId, java.util.Collection<String> userIds) {
        Map<String, FlagState> open = new java.util.HashMap<>();
        activeAmong(realmId, userIds).forEach(id -> open.put(id, FlagState.ACTIVE));
        return open;
    }

    /**
     * The realm's key for leaked passwords (see {@link LeakedPassword#keyedHash}), made on first use. Call it under
     * {@link #lockRealm}, so that two nodes never make two keys.
     */
    default byte[] leakKey(String realmId) {
        throw new UnsupportedOperationException("this store keeps no leaked passwords");
    }

    /**
     * Checks the user's SUSPECTED flag against the password just typed and verified at login, and ends the suspicion
     * either way (its keyed hash is then forgotten): the flag becomes ACTIVE with the confirmation in its evidence, or
     * DISMISSED ({@code password-differs}); one created before {@code expiredBefore} is DISMISSED as expired unchecked.
     */
    default LeakCheck verifySuspected(String realmId, String userId, LeakedPassword typed, long expiredBefore) {
        return LeakCheck.NOT_SUSPECTED;
    }

    /**
     * Records the {@code immediate} check's verdict on the user's SUSPECTED flag: the same password leaves it SUSPECTED
     * but {@code matched} (with the finding in its evidence) until its batch's matches pass the blast-radius guard
     * together ({@link LeakCheck#MATCHED}); another ends it DISMISSED {@code password-differs}.
     */
    default LeakCheck settleSuspected(String realmId, String userId, boolean samePassword) {
        return LeakCheck.NOT_SUSPECTED;
    }

    /**
     * The enforcement recorded on a flag whose password Keycloak cannot change (a read-only directory): the login
     * stops and says where to change the password; the flag resolves once a login shows another password.
     */
    String ENFORCEMENT_EXTERNAL = "external";

    /** What a login's password says about an ACTIVE flag whose password is kept elsewhere. */
    enum ExternalCheck {
        /** The first such login: its password (the one the flag is about) is kept as a keyed hash. */
        RECORDED,
        /** The same password as the stopped login's: it has not been changed. */
        SAME,
        /** Another password: it was changed where it lives; the caller resolves the flag. */
        CHANGED,
        /** No ACTIVE flag. */
        NOT_ACTIVE
    }

    /**
     * For a user whose password lives in a directory Keycloak cannot write: records the flag's enforcement as
     * {@link #ENFORCEMENT_EXTERNAL} and compares the password Keycloak has just verified with the one seen at the first
     * stopped login (kept as a keyed hash, like a leaked password, until the flag ends).
     */
    default ExternalCheck checkExternalPassword(String realmId, String userId, LeakedPassword typed) {
        return ExternalCheck.NOT_ACTIVE;
    }

    /** Records an ACTIVE flag's enforcement as {@link #ENFORCEMENT_EXTERNAL}. */
    default void markExternal(String realmId, String flagId) {
    }

    /** The users whose flag from {@code batchId} is still SUSPECTED and {@code matched} by the immediate check. */
    default List<String> matchedOfBatch(String realmId, String batchId) {
        return List.of();
    }

    /** Ends the realm's SUSPECTED flags created before {@code cutoff} ({@code suspicion-expired}); returns how many. */
    default int expireSuspected(String realmId, long cutoff) {
        return 0;
    }

    /** Of the suspicions of a batch (or, {@code batchId} null, of the realm): how many wait, were confirmed, were dismissed. */
    default Verifications verifications(String realmId, String batchId) {
        return new Verifications(0, 0, 0, 0);
    }

    /**
     * @param suspected SUSPECTED now
     * @param matched of those, found current by the {@code immediate} check and waiting for the blast-radius guard
     *                (their confirmation batch is being applied or is held for an admin)
     * @param confirmed made ACTIVE: the leaked password was the current one (or a later signal needed no verification)
     * @param dismissed ended without reaching the user: the password differed or the suspicion expired
     */
    record Verifications(long suspected, long matched, long confirmed, long dismissed) {
    }

    /** The keyed hashes of the leaked passwords that the subjects of a HELD batch carried. */
    default Map<Subject, String> heldLeakKeyedHashes(String batchId) {
        return Map.of();
    }

    Optional<Flag> findFlag(String realmId, String flagId);

    /** The user's active flag if there is one, else the most recent one. */
    Optional<Flag> findLatest(String realmId, String userId);

    /** Of these users, the ones with an open flag, ACTIVE or SUSPECTED (one query per few hundred users). */
    java.util.Set<String> activeAmong(String realmId, java.util.Collection<String> userIds);

    /**
     * The accounts of Keycloak's own user table that these subjects name, in a few queries for any number of
     * subjects. A subject naming several accounts (an email shared where duplicates are allowed) is left out,
     * as is one the table does not hold (for a federated user that was never imported, ask Keycloak's user API).
     */
    Map<Subject, LocalAccount> findLocalAccounts(String realmId, java.util.Collection<Subject> subjects);

    /** Flags of a realm, newest first; {@code state} null for all. */
    List<Flag> listFlags(String realmId, FlagState state, int first, int max);

    /**
     * The number of flags created in the realm at or after {@code sinceMillis} that reached their users, in any state
     * now: suspicions count only once confirmed.
     */
    long countFlagsCreatedSince(String realmId, long sinceMillis);

    /**
     * {@link #countFlagsCreatedSince} at two times at once, {@code recentSince} the later: {@code [recent, older]}. The
     * blast-radius guard's hourly and daily counts, in one read where the store can.
     */
    default long[] countFlagsCreatedSince(String realmId, long recentSince, long olderSince) {
        return new long[] {countFlagsCreatedSince(realmId, recentSince), countFlagsCreatedSince(realmId, olderSince)};
    }

    /**
     * Marks the user's active flag RESOLVED, recording how. Returns the resolved flag, or empty if there
     * was no active flag (so a flag is resolved exactly once, whichever path gets there first).
     */
    Optional<Flag> resolve(String realmId, String userId, String resolution);

    /** Marks the user's open flag (ACTIVE or SUSPECTED) DISMISSED by {@code actor}; empty if there was none. */
    Optional<Flag> dismiss(String realmId, String userId, String actor);

    /** Counts of flags by state, and by source and state; counts of batches by state. */
    Stats stats(String realmId);

    record Stats(Map<FlagState, Long> flagsByState, Map<String, Map<FlagState, Long>> flagsBySource,
            Map<BatchState, Long> batchesByState) {
    }

    // ---- batches

    /**
     * Serializes intake in a realm until the transaction ends, so that two batches arriving at once cannot
     * pass the blast-radius limit together, nor both claim one idempotency key.
     */
    void lockRealm(String realmId);

    Optional<Batch> findBatch(String realmId, String batchId);

    Optional<Batch> findBatchByIdempotencyKey(String realmId, String idempotencyKey);

    /** Batches of a realm, newest first; {@code state} null for all. */
    List<Batch> listBatches(String realmId, BatchState state, int first, int max);

    /**
     * Stores the batch and its subjects, and, if the batch is {@link BatchState#APPLIED}, its flags and
     * evidence. A HELD batch keeps its subjects for {@link #applyHeldBatch}. New flags record
     * {@code enforcementMode} and start with {@code notification} ({@code queued} or {@code off}).
     */
    Batch storeBatch(String realmId, BatchDraft draft, String enforcementMode, String notification);

    /** The distinct subjects of a batch, in the order received. */
    List<Subject> batchSubjects(String batchId);

    /** The subjects of a batch that matched nobody, in the order received. */
    List<Subject> unmatchedSubjects(String batchId);

    /**
     * Applies a HELD batch with a fresh plan of its subjects (accounts may have changed while it waited):
     * flags the newly flagged, adds evidence to the already flagged, records the approver.
     */
    Batch applyHeldBatch(String realmId, String batchId, List<PlannedSubject> plan, String enforcementMode,
            String notification, String approver);

    /** Marks a HELD batch REJECTED; nothing is flagged, and the keyed hashes its subjects carried are forgotten. */
    Batch rejectHeldBatch(String realmId, String batchId, String actor);

    // ---- staged (canary) batches

    /** Records a batch as staged: its first slice's size and the end of its watch window (null for a preview). */
    void markStaged(String batchId, int slice, Long watchUntil);

    /** The realm's batches in this state, oldest first. */
    List<Batch> batchesInState(String realmId, BatchState state);

    /** The subjects of a staged batch's rest (outcome STAGED), in the order received. */
    List<Subject> stagedSubjects(String batchId);

    /**
     * Applies a CANARY or PAUSED batch's rest with a fresh plan of its subjects: flags the newly flagged as a batch
     * would, adds the rest's counts to the batch's, and makes it APPLIED; {@code actor} is recorded as the decision.
     */
    Batch applyRest(String realmId, String batchId, List<PlannedSubject> plan, String enforcementMode, String notification,
            String actor);

    /** Pauses a CANARY batch with why; false if it was no longer CANARY. */
    boolean pauseCanary(String realmId, String batchId, String reason);

    /** Drops a CANARY or PAUSED batch's rest (never applied) and makes it APPLIED; the slice stays as it is. */
    Batch dropRest(String realmId, String batchId, String actor);

    /** What became of a staged batch's slice so far: its flags' fates, for the health limits. */
    CanaryHealth canaryHealth(String batchId);

    /**
     * Of the slice's flags: how many carried a leaked password and how many of those proved to differ; how many flag
     * emails bounced or were given up; how many admins dismissed; how many were resolved.
     */
    record CanaryHealth(long flags, long withPassword, long differs, long bounced, long dismissed, long resolved) {
    }

    /**
     * Marks an APPLIED batch (or a staged one, CANARY or PAUSED, whose rest is then dropped) REVERTED and every
     * still-ACTIVE or SUSPECTED flag it created REVERTED. Returns the flags
     * reverted, as they were before; flags already resolved or dismissed are left as they are.
     */
    List<Flag> revertBatch(String realmId, String batchId, String actor);

    /** The users whose flag from this batch is still ACTIVE or SUSPECTED, read without locking the flags. */
    List<String> usersWithOpenFlags(String realmId, String batchId);

    /** Of these users, those with a session or an offline session stored in the database. */
    java.util.Set<String> usersWithStoredSessions(String realmId, java.util.Collection<String> userIds);

    // ---- bounds of the step-up, per flag and cluster-wide (the row is the counter, whatever node the login is on)

    /** Counts one more emailed step-up code for the active flag; false (and nothing counted) if {@code perHour} went out in the last hour. */
    boolean claimStepUpCode(String flagId, long now, int perHour);

    /** Counts a wrong step-up code for the flag, in any login; returns the flag's total of wrong codes. */
    int countWrongCode(String flagId);

    /** The flag's total of wrong step-up codes. */
    int wrongCodes(String flagId);

    /** Claims the sending of a reset link for the active flag: false if one went out within {@code everyMillis}. */
    boolean claimResetLink(String flagId, long now, long everyMillis);

    /** Claims the realm's held-batch email: false if one went out within {@code everyMillis}. Takes the realm's intake lock. */
    boolean claimHeldNotice(String realmId, long now, long everyMillis);

    /** Records how many of an applied batch's accounts without a password were signed out (policy revokeSessionsForPasswordless). */
    void setPasswordlessSignedOut(String batchId, int count);

    // ---- the admin digest

    /**
     * Claims the realm's admin digest of the period that ends at {@code periodEnd}, under the realm's intake lock, so
     * that one node in a cluster sends it: {@link DigestClaim#CLAIMED} if this call is the one to send it;
     * {@link DigestClaim#FIRST} if the realm never had one (the period is recorded and nothing is sent: the first digest
     * covers the first whole period after it was turned on); {@link DigestClaim#TAKEN} if it was claimed before.
     */
    DigestClaim claimDigest(String realmId, long periodEnd);

    enum DigestClaim { FIRST, CLAIMED, TAKEN }

    /** Gives back a claim of the period ending at {@code periodEnd} whose digest reached nobody, for the next run. */
    void releaseDigest(String realmId, long periodEnd);

    /**
     * What the realm's flags did from {@code from} (inclusive) to {@code to} (exclusive): new flags that reached users
     * (suspicions only once confirmed) by source and reason, most first; flags resolved; flags dismissed (not counting
     * suspicions ended unseen); new flags whose user was never told (their email skipped, given up or bounced); and,
     * now, the batches held waiting for approval.
     */
    DigestCounts digestCounts(String realmId, long from, long to);

    record DigestCounts(List<SourceReasonCount> newFlags, long resolved, long dismissed, long notTold, long heldWaiting) {

        public long newFlagsTotal() {
            return newFlags.stream().mapToLong(SourceReasonCount::count).sum();
        }
    }

    record SourceReasonCount(String source, String reason, long count) {
    }

    /** Records what became of the email telling the user about the flag. */
    void setNotification(String flagId, String notification);

    // ---- housekeeping

    /** Deletes the realm's flags, evidence, batches and intake lock. */
    void removeRealm(String realmId);

    /** Deletes a user's flags and evidence. */
    void removeUser(String realmId, String userId);

    @Override
    default void close() {
    }
}
