package com.compromisedcredentials.loginsignal;

/**
 * A detection: an attack from an address bucket ({@code bucket}), or successful logins from a listed address
 * ({@code bucket} is the address, {@code listSource}/{@code listEntry} the list and entry). Active from
 * {@code windowStart} (logins from then on are acted on) until {@code activeUntil}, extended while it goes on.
 * {@code onSuccess} is what the realm chose: {@code flag} or {@code record}. Times are epoch milliseconds.
 */
public record Detection(
        String id,
        String realmId,
        DetectionKind kind,
        String bucket,
        String listSource,
        String listEntry,
        String onSuccess,
        long detectedAt,
        long windowStart,
        long lastSeenAt,
        long activeUntil,
        long usernames,
        long failures,
        long successes,
        long flagged,
        long held,
        long recorded,
        String lastBatchId) {

    /** The same detection seen again: counts as now, active for longer. */
    public Detection seenAgain(long now, long activeUntil, long usernames, long failures) {
        return new Detection(id, realmId, kind, bucket, listSource, listEntry, onSuccess, detectedAt, windowStart, now,
                Math.max(this.activeUntil, activeUntil), usernames, failures, successes, flagged, held, recorded, lastBatchId);
    }

    /**
     * The same attack found to be credential stuffing after all: a spraying run that went on to usernames that do not
     * exist. Active from the earlier of the two windows' starts.
     */
    public Detection reclassified(DetectionKind kind, long windowStart) {
        return new Detection(id, realmId, kind, bucket, listSource, listEntry, onSuccess, detectedAt,
                Math.min(this.windowStart, windowStart), lastSeenAt, activeUntil, usernames, failures, successes, flagged, held,
                recorded, lastBatchId);
    }

    /** What came of more successful logins during it. */
    public Detection acted(long successes, long flagged, long held, long recorded, String batchId) {
        return new Detection(id, realmId, kind, bucket, listSource, listEntry, onSuccess, detectedAt, windowStart, lastSeenAt,
                activeUntil, usernames, failures, this.successes + successes, this.flagged + flagged, this.held + held,
                this.recorded + recorded, batchId == null ? lastBatchId : batchId);
    }
}
