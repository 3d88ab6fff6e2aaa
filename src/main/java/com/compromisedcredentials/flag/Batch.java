package com.compromisedcredentials.flag;

/**
 * One submission of signals: its provenance (source, actor), what it asked for (reason, message) and what
 * came of its subjects. Times are epoch milliseconds; {@code decided*} is the approval or rejection of a
 * held batch, {@code reverted*} its undoing.
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
        String revertedBy) {
}
