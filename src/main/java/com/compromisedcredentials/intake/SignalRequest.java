package com.compromisedcredentials.intake;

import java.util.List;

import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;

/**
 * A validated {@code POST /signals} body. {@code subjects} is in the order received, duplicates included
 * ({@code received} counts them; the batch folds them).
 */
public record SignalRequest(
        String source,
        ReasonCategory reason,
        String userMessage,
        String evidence,
        List<Subject> subjects,
        String idempotencyKey,
        boolean dryRun) {
}
