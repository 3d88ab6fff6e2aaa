package com.compromisedcredentials.signal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.Subject;

/** The JSON answer to {@code POST /signals} and {@code GET /batches/{id}}. Field names are the REST contract. */
public record BatchSummary(
        String batchId,
        String state,
        String source,
        String reason,
        int received,
        int matched,
        int unmatched,
        int excluded,
        int newlyFlagged,
        int alreadyFlagged,
        List<Map<String, String>> unmatchedSubjects,
        String createdAt) {

    public static BatchSummary of(Batch batch, List<Subject> unmatchedSubjects) {
        return new BatchSummary(batch.id(), batch.state().name(), batch.source(), batch.reason().wireName(),
                batch.counts().received(), batch.counts().matched(), batch.counts().unmatched(),
                batch.counts().excluded(), batch.counts().newlyFlagged(), batch.counts().alreadyFlagged(),
                unmatchedSubjects.stream().map(s -> Map.of(s.kind().field(), s.value())).toList(),
                Instant.ofEpochMilli(batch.createdAt()).toString());
    }
}
