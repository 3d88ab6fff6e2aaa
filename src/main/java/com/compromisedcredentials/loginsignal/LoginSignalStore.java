package com.compromisedcredentials.loginsignal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.compromisedcredentials.support.net.ListSource;
import com.compromisedcredentials.support.store.RealmData;

/**
 * The shared state of login signals, in Keycloak's database so that every node of a cluster counts into the same
 * windows and it survives restarts: per-minute counters, detections, and the last good copies of address lists.
 * Obtain it with {@code session.getProvider(LoginSignalStore.class)}; every method joins the session's transaction.
 */
public interface LoginSignalStore extends RealmData {

    // ---- counters (each node's flusher)

    /** Adds failed logins to the realm's counters (an upsert: concurrent nodes add up). */
    void addFailures(String realmId, Collection<WindowAggregator.Failure> failures);

    /** Adds successful logins to the realm's counters (an upsert). */
    void addSuccesses(String realmId, Collection<WindowAggregator.Success> successes);

    /** Which of {@code buckets} had failed logins in minutes from {@code sinceSlice} on. */
    Set<String> bucketsWithFailures(String realmId, Collection<String> buckets, long sinceSlice);

    // ---- detection (one node at a time)

    /** Realms with counters or lists stored. */
    Set<String> realmsWithState();

    /**
     * One address bucket's failed logins over the two windows: distinct usernames and failures since
     * {@code stuffingSince}, distinct existing accounts and their failures since {@code sprayingSince}.
     */
    record WindowCounts(long usernames, long failures, long knownAccounts, long knownFailures) {
    }

    /**
     * The buckets with at least {@code minUsernames} distinct usernames failing since {@code stuffingSince}, or at least
     * {@code minAccounts} distinct existing accounts failing since {@code sprayingSince}: one pass over the counters.
     */
    Map<String, WindowCounts> candidates(String realmId, long stuffingSince, long sprayingSince, long minUsernames, long minAccounts);

    /** Successful logins counted in a bucket from {@code sinceSlice} on. */
    long successes(String realmId, String bucket, long sinceSlice);

    /** Successful logins in a bucket from {@code sinceSlice} on that no detection has acted on yet, oldest first. */
    List<WindowAggregator.Success> unhandledSuccesses(String realmId, String bucket, long sinceSlice, int max);

    /** Successful logins from listed addresses that no detection has acted on yet, oldest first. */
    List<WindowAggregator.Success> unhandledListedSuccesses(String realmId, int max);

    /** Records what a detection did with these logins, so that they are acted on once. */
    void markHandled(String realmId, Collection<WindowAggregator.Success> successes, String outcome, long at);

    /** The active detection of this kind for a bucket (or listed address), if any. */
    Optional<Detection> activeDetection(String realmId, DetectionKind kind, String bucket, long now);

    /** The active stuffing or spraying detection of a bucket, if any: one attack per bucket at a time. */
    Optional<Detection> activeAttack(String realmId, String bucket, long now);

    /** Active stuffing and spraying detections of a realm. */
    List<Detection> activeAttacks(String realmId, long now);

    /** Inserts or updates a detection by its id. */
    void saveDetection(Detection detection);

    /** Detections of a realm, newest first. */
    List<Detection> listDetections(String realmId, int first, int max);

    /** Counts per detection kind, active detections, and the realm's current counters. */
    Summary summary(String realmId, long now, long windowStartSlice);

    record KindSummary(long detections, long successes, long flagged, long held, long recorded) {
    }

    record Summary(Map<DetectionKind, KindSummary> byKind, long activeDetections, long bucketsWithFailures, long failures) {
    }

    /** Deletes a realm's counters of minutes before {@code beforeSlice}. */
    void purgeCounters(String realmId, long beforeSlice);

    /** Deletes detections (all realms) that ended before {@code before}; returns how many. */
    int purgeDetections(long before);

    // ---- address lists

    /** A list's state as stored, without its content. */
    record StoredList(String sourceHash, String source, int entries, int invalid, Long fetchedAt, long lastAttemptAt, String lastError) {
    }

    List<StoredList> lists(String realmId);

    /** The version (time of the last good fetch) of each stored list of a realm, by source hash. */
    Map<String, Long> listVersions(String realmId);

    /** The last good copy of a list, one entry per line. */
    Optional<String> listContent(String realmId, String sourceHash);

    void listFetched(String realmId, ListSource source, String content, int entries, int invalid, long at);

    /** Records a failed refresh; the last good copy stays. */
    void listFailed(String realmId, ListSource source, String error, long at);

    void removeList(String realmId, String sourceHash);

    // ---- housekeeping

    void removeRealm(String realmId);

    void removeUser(String realmId, String userId);

    @Override
    default void close() {
    }
}
