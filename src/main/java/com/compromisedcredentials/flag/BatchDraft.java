package com.compromisedcredentials.flag;

import java.util.List;

/**
 * Everything needed to store a new batch. {@code plan} holds one entry per distinct subject; {@code holdReason}
 * says why a HELD batch was held (null otherwise).
 */
public record BatchDraft(
        BatchState state,
        String source,
        ReasonCategory reason,
        String userMessage,
        String evidence,
        String actorId,
        String actorName,
        String idempotencyKey,
        String holdReason,
        int received,
        List<PlannedSubject> plan) {

    public BatchCounts counts() {
        return countsOf(received, plan);
    }

    /** The counts of a plan of distinct subjects, {@code received} being the number of subjects as sent. */
    public static BatchCounts countsOf(int received, List<PlannedSubject> plan) {
        int unmatched = 0, excluded = 0, newly = 0, already = 0, noPassword = 0, suspected = 0, withPassword = 0, staged = 0;
        for (PlannedSubject p : plan) {
            if (p.userId() != null && p.leakKeyedHash() != null) {
                withPassword++;
            }
            switch (p.outcome()) {
                case UNMATCHED -> unmatched++;
                case EXCLUDED -> excluded++;
                case NO_PASSWORD -> {
                    excluded++;
                    noPassword++;
                }
                case NEWLY_FLAGGED, ESCALATED -> newly++;
                case NEWLY_SUSPECTED -> suspected++;
                case ALREADY_FLAGGED -> already++;
                case STAGED -> staged++;
                case DROPPED -> { }
            }
        }
        return new BatchCounts(received, plan.size() - unmatched, unmatched, excluded, newly, already, noPassword, suspected,
                withPassword, 0, staged);
    }
}
