package com.compromisedcredentials.notify;

/**
 * One email waiting in the outbox. {@code userId} is the recipient for user emails (their address is read
 * when it is sent); {@code recipient} is the address for admin emails. {@code baseUrl} is the server's
 * public address as the request that caused the email saw it, for links and the "open the site yourself"
 * advice.
 */
public record OutboxMessage(
        String id,
        String realmId,
        MessageKind kind,
        String userId,
        String recipient,
        String flagId,
        String batchId,
        String baseUrl,
        int attempts,
        long createdAt) {
}
