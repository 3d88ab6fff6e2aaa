package com.compromisedcredentials.api;

import com.compromisedcredentials.flag.Flag;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON form of a flag. Times are ISO-8601 instants; a change that has not happened is omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlagRepresentation(
        String flagId,
        String userId,
        String username,
        String state,
        String reason,
        String userMessage,
        String source,
        String batchId,
        String evidence,
        String createdBy,
        String enforcementMode,
        String createdAt,
        String resolvedAt,
        String resolution,
        String dismissedAt,
        String dismissedBy,
        String revertedAt,
        String revertedBy,
        String notification) {

    public static FlagRepresentation of(Flag flag) {
        return of(flag, null);
    }

    /** With the user's username, for lists an admin reads. */
    public static FlagRepresentation of(Flag flag, String username) {
        return new FlagRepresentation(flag.id(), flag.userId(), username, flag.state().name(), flag.reason().wireName(),
                flag.userMessage(), flag.source(), flag.batchId(), flag.evidence(), flag.createdBy(),
                flag.enforcementMode(), iso(flag.createdAt()), iso(flag.resolvedAt()), flag.resolution(),
                iso(flag.dismissedAt()), flag.dismissedBy(), iso(flag.revertedAt()), flag.revertedBy(), flag.notification());
    }

    private static String iso(Long millis) {
        return BatchSummary.iso(millis);
    }
}
