package com.compromisedcredentials.flag;

import java.util.List;
import java.util.Optional;

import org.keycloak.provider.Provider;

/**
 * The persistent record of batches and flags. One implementation per storage; obtain it with
 * {@code session.getProvider(FlagStore.class)}. Every method joins the session's transaction.
 */
public interface FlagStore extends Provider {

    /** The user's one active flag, if any. This is the lookup on every login: one indexed query. */
    Optional<Flag> findActive(String realmId, String userId);

    /** The user's active flag if there is one, else the most recent one. */
    Optional<Flag> findLatest(String realmId, String userId);

    Optional<Batch> findBatch(String realmId, String batchId);

    Optional<Batch> findBatchByIdempotencyKey(String realmId, String idempotencyKey);

    /** Stores the batch and its subjects, and, if the batch is {@link BatchState#APPLIED}, its flags and evidence. */
    Batch storeBatch(String realmId, BatchDraft draft, String enforcementMode);

    /** The subjects of a batch that matched nobody, in the order received. */
    List<Subject> unmatchedSubjects(String batchId);

    /**
     * Marks the user's active flag RESOLVED, recording how. Returns the flag as it was before, or empty if
     * there was no active flag (so a flag is resolved exactly once, whichever path gets there first).
     */
    Optional<Flag> resolve(String realmId, String userId, String resolution);

    /** Deletes everything stored for a realm. */
    void removeRealm(String realmId);

    /** Deletes a user's flags and evidence. */
    void removeUser(String realmId, String userId);

    @Override
    default void close() {
    }
}
