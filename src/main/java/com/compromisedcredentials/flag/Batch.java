package com.compromisedcredentials.flag;

/**
 * One submission of signals: its provenance (source, actor), what it asked for (reason, message) and what
 * came of its subjects. Times are epoch milliseconds; {@code decided*} is the approval or rejection of a
 * held batch, {@code reverted*} its undoing. A staged batch ({@code CANARY}, {@code PAUSED}) also has the end of its
 * watch window, why it paused, and how many of its rest an admin dropped.
 */
public record Batch(
        String id,
        String realmId,
        BatchState state,
        String source,
        ReasonCategory reason,
        String userMessage,
        String evidence,
        String actorId,
        String actorName,
        String idempotencyKey,
        String holdReason,
        BatchCounts counts,
        long createdAt,
        Long decidedAt,
        String decidedBy,
        Long revertedAt,
        String revertedBy,
        Canary canary) {

    /** A staged batch's stage: its slice's size, the end of its watch window, why it paused, the rest dropped. */
    public record Canary(int slice, Long watchUntil, String pauseReason, int restDropped) {
    }

    public Batch(String id, String realmId, BatchState state, String source, ReasonCategory reason, String userMessage,
            String evidence, String actorId, String actorName, String idempotencyKey, String holdReason, BatchCounts counts,
            long createdAt, Long decidedAt, String decidedBy, Long revertedAt, String revertedBy) {
        this(id, realmId, state, source, reason, userMessage, evidence, actorId, actorName, idempotencyKey, holdReason, counts,
                createdAt, decidedAt, decidedBy, revertedAt, revertedBy, null);
    }
}
