package com.compromisedcredentials.notify;

import java.util.List;

import com.compromisedcredentials.support.store.RealmData;

/**
 * The transactional outbox of emails. A message is written in the same transaction as the change that
 * causes it, so it exists exactly when the change does; a background dispatcher sends it after commit,
 * claiming it first so that one message is sent once even with several nodes.
 */
public interface Outbox extends RealmData {

    /**
     * States of a message. BOUNCED: the SMTP server refused the recipient or the message for good (a 5xx reply);
     * never retried.
     */
    enum State { PENDING, SENDING, SENT, SKIPPED, CANCELLED, BOUNCED }

    /** A bounced message, for the admin: who was never told, when, and the server's reply (addresses masked). */
    record Bounce(String userId, String recipient, MessageKind kind, long createdAt, String reply) {
    }

    void enqueue(String realmId, MessageKind kind, String userId, String recipient, String flagId, String batchId, String baseUrl);

    /** One message of {@code kind} to each of many users, written in bulk. */
    void enqueueForUsers(String realmId, MessageKind kind, java.util.List<String> userIds, String batchId, String baseUrl);

    /** The realms with messages due now, so that each gets its share of a dispatcher run. */
    List<String> dueRealms(long now);

    /**
     * A realm's messages due now, oldest first: PENDING with their next attempt due, or SENDING whose claim expired (left
     * by a version that committed its claims before sending; this one claims, sends and records in one transaction).
     */
    List<OutboxMessage> due(String realmId, long now, int limit);

    /** Claims a due message until {@code claimedUntil} (in the caller's transaction); false if it is no longer due. */
    boolean claim(String id, long now, long claimedUntil);

    void sent(String id, long now, String flagId);

    /** Sending failed: try again at {@code nextAttemptAt}. */
    void retry(String id, int attempts, long nextAttemptAt, String error);

    /** Not sent, on purpose (no address, unverified address, the flag ended): recorded with why. */
    void skipped(String id, String why);

    /** Refused for good by the SMTP server: recorded with its reply, never retried. */
    void bounced(String id, String reply);

    /** The realm's bounced messages, newest first. */
    List<Bounce> bounces(String realmId, int first, int max);

    /**
     * Cancels these users' unsent FLAGGED emails, waiting for a send in progress (which then is not unsent). Call it
     * before locking their flags: the sender writes the flag after its send, in the send's transaction.
     */
    void cancelFlagged(String realmId, java.util.Collection<String> userIds);

    /**
     * Whether the user's FLAGGED email of {@code flagId} was sent (or is being sent), as committed now, not as the
     * transaction first saw it.
     */
    boolean flaggedSent(String realmId, String userId, String flagId);

    /** Records a message sent directly (not through the dispatcher), so that it is counted and rate-limited. */
    void recordSent(String realmId, MessageKind kind, String userId, String flagId);

    /** Messages of one kind sent to a user at or after {@code since}. */
    long countSentSince(String realmId, String userId, MessageKind kind, long since);

    /** Messages of the realm sent at or after {@code since}: the per-realm rate limit. */
    long countSentSince(String realmId, long since);

    /** Counts by state, for the admin API and tests. */
    java.util.Map<State, Long> countByState(String realmId);

    /** The server's public address as the realm's most recent request that queued an email saw it, if any. */
    java.util.Optional<String> lastBaseUrl(String realmId);

    // ---- housekeeping

    /** Deletes the realm's messages. */
    void removeRealm(String realmId);

    /** Deletes the user's messages. */
    void removeUser(String realmId, String userId);

    @Override
    default void close() {
    }
}
