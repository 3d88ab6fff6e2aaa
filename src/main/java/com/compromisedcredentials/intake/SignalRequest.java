package com.compromisedcredentials.intake;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.LeakedPassword;
import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;

/**
 * A validated {@code POST /signals} body. {@code subjects} is in the order received, duplicates included
 * ({@code received} counts them; the batch folds them). {@code leaked} holds the leaked password a subject carried
 * ({@code passwordSha1} or {@code password}), already hashed, by subject; empty when none did. {@code plaintexts} the
 * {@code password} values themselves, in memory only, for the {@code immediate} check.
 */
public record SignalRequest(
        String source,
        ReasonCategory reason,
        String userMessage,
        String evidence,
        List<Subject> subjects,
        String idempotencyKey,
        boolean dryRun,
        Map<Subject, LeakedPassword> leaked,
        LeakedPlaintexts plaintexts,
        boolean canary) {

    public SignalRequest {
        leaked = leaked == null ? Map.of() : Map.copyOf(leaked);
        plaintexts = plaintexts == null ? LeakedPlaintexts.NONE : plaintexts;
    }

    public SignalRequest(String source, ReasonCategory reason, String userMessage, String evidence, List<Subject> subjects,
            String idempotencyKey, boolean dryRun, Map<Subject, LeakedPassword> leaked, LeakedPlaintexts plaintexts) {
        this(source, reason, userMessage, evidence, subjects, idempotencyKey, dryRun, leaked, plaintexts, false);
    }

    public SignalRequest(String source, ReasonCategory reason, String userMessage, String evidence, List<Subject> subjects,
            String idempotencyKey, boolean dryRun, Map<Subject, LeakedPassword> leaked) {
        this(source, reason, userMessage, evidence, subjects, idempotencyKey, dryRun, leaked, LeakedPlaintexts.NONE);
    }

    /** A request whose subjects carry no leaked password. */
    public SignalRequest(String source, ReasonCategory reason, String userMessage, String evidence, List<Subject> subjects,
            String idempotencyKey, boolean dryRun) {
        this(source, reason, userMessage, evidence, subjects, idempotencyKey, dryRun, Map.of());
    }
}
