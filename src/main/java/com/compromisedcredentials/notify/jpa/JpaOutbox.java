package com.compromisedcredentials.notify.jpa;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.notify.MessageKind;
import com.compromisedcredentials.notify.Outbox;
import com.compromisedcredentials.notify.OutboxMessage;
import com.compromisedcredentials.support.jpa.BulkInsert;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.common.util.Time;
import org.keycloak.models.utils.KeycloakModelUtils;

/** {@link Outbox} in Keycloak's database (table CC_OUTBOX), in the caller's transaction. */
public class JpaOutbox implements Outbox {

    /** Users per cancelling statement: an IN list every supported database takes, on the (realm, user) index. */
    private static final int CANCEL_CHUNK = 500;

    private final EntityManager em;

    public JpaOutbox(EntityManager em) {
        this.em = em;
    }

    @Override
    public void enqueue(String realmId, MessageKind kind, String userId, String recipient, String flagId, String batchId,
            String baseUrl) {
        em.persist(newMessage(realmId, kind, userId, recipient, flagId, batchId, baseUrl));
    }

    @Override
    public void enqueueForUsers(String realmId, MessageKind kind, List<String> userIds, String batchId, String baseUrl) {
        long now = Time.currentTimeMillis();
        List<Object[]> rows = new java.util.ArrayList<>(userIds.size());
        for (String userId : userIds) {
            rows.add(new Object[] {KeycloakModelUtils.generateId(), realmId, kind.name(), userId, batchId, baseUrl,
                    State.PENDING.name(), 0, now, now});
        }
        BulkInsert.rows(em, "CC_OUTBOX", List.of("ID", "REALM_ID", "KIND", "USER_ID", "BATCH_ID", "BASE_URL", "STATE",
                "ATTEMPTS", "CREATED_AT", "NEXT_ATTEMPT_AT"), rows);
    }

    private static CcOutboxEntity newMessage(String realmId, MessageKind kind, String userId, String recipient, String flagId,
            String batchId, String baseUrl) {
        long now = Time.currentTimeMillis();
        CcOutboxEntity m = new CcOutboxEntity();
        m.setId(KeycloakModelUtils.generateId());
        m.setRealmId(realmId);
        m.setKind(kind.name());
        m.setUserId(userId);
        m.setRecipient(recipient);
        m.setFlagId(flagId);
        m.setBatchId(batchId);
        m.setBaseUrl(baseUrl);
        m.setState(State.PENDING.name());
        m.setCreatedAt(now);
        m.setNextAttemptAt(now);
        return m;
    }

    @Override
    public List<String> dueRealms(long now) {
        return em.createNamedQuery("cc.outbox.dueRealms", String.class).setParameter("now", now).getResultList();
    }

    @Override
    public List<OutboxMessage> due(String realmId, long now, int limit) {
        return em.createNamedQuery("cc.outbox.due", CcOutboxEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultStream()
                .map(m -> new OutboxMessage(m.getId(), m.getRealmId(), MessageKind.valueOf(m.getKind()), m.getUserId(),
                        m.getRecipient(), m.getFlagId(), m.getBatchId(), m.getBaseUrl(), m.getAttempts(), m.getCreatedAt()))
                .toList();
    }

    @Override
    public boolean claim(String id, long now, long claimedUntil) {
        return em.createNamedQuery("cc.outbox.claim")
                .setParameter("id", id).setParameter("now", now).setParameter("until", claimedUntil)
                .executeUpdate() == 1;
    }

    @Override
    public void sent(String id, long now, String flagId) {
        CcOutboxEntity m = em.find(CcOutboxEntity.class, id);
        m.setState(State.SENT.name());
        m.setSentAt(now);
        m.setClaimedUntil(null);
        m.setLastError(null);
        if (flagId != null) {
            m.setFlagId(flagId);
        }
    }

    @Override
    public void retry(String id, int attempts, long nextAttemptAt, String error) {
        CcOutboxEntity m = em.find(CcOutboxEntity.class, id);
        m.setState(State.PENDING.name());
        m.setAttempts(attempts);
        m.setNextAttemptAt(nextAttemptAt);
        m.setClaimedUntil(null);
        m.setLastError(error == null ? null : error.substring(0, Math.min(500, error.length())));
    }

    @Override
    public void skipped(String id, String why) {
        CcOutboxEntity m = em.find(CcOutboxEntity.class, id);
        m.setState(State.SKIPPED.name());
        m.setClaimedUntil(null);
        m.setLastError(why);
    }

    @Override
    public void bounced(String id, String reply) {
        CcOutboxEntity m = em.find(CcOutboxEntity.class, id);
        m.setState(State.BOUNCED.name());
        m.setClaimedUntil(null);
        m.setLastError(reply == null ? null : reply.substring(0, Math.min(500, reply.length())));
    }

    @Override
    public List<Bounce> bounces(String realmId, int first, int max) {
        return em.createNamedQuery("cc.outbox.bounces", CcOutboxEntity.class).setParameter("realmId", realmId)
                .setFirstResult(first).setMaxResults(max).getResultStream()
                .map(m -> new Bounce(m.getUserId(), m.getRecipient(), MessageKind.valueOf(m.getKind()), m.getCreatedAt(),
                        m.getLastError()))
                .toList();
    }

    @Override
    public void cancelFlagged(String realmId, java.util.Collection<String> userIds) {
        List<String> all = List.copyOf(userIds);
        for (int i = 0; i < all.size(); i += CANCEL_CHUNK) {
            em.createNamedQuery("cc.outbox.cancelFlagged").setParameter("realmId", realmId)
                    .setParameter("userIds", all.subList(i, Math.min(all.size(), i + CANCEL_CHUNK))).executeUpdate();
        }
    }

    @Override
    public boolean flaggedSent(String realmId, String userId, String flagId) {
        // a locking read: it sees the latest committed rows, where a plain read on MariaDB/MySQL (repeatable read) would
        // see the transaction's snapshot, taken before it waited for a send in progress (cancelFlagged)
        return !em.createNamedQuery("cc.outbox.flaggedSent", String.class).setParameter("realmId", realmId)
                .setParameter("userId", userId).setParameter("flagId", flagId).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public java.util.Optional<String> lastBaseUrl(String realmId) {
        return em.createNamedQuery("cc.outbox.lastBaseUrl", String.class).setParameter("realmId", realmId).setMaxResults(1)
                .getResultStream().findFirst();
    }

    @Override
    public void recordSent(String realmId, MessageKind kind, String userId, String flagId) {
        CcOutboxEntity m = newMessage(realmId, kind, userId, null, flagId, null, null);
        m.setState(State.SENT.name());
        m.setSentAt(m.getCreatedAt());
        em.persist(m);
    }

    @Override
    public long countSentSince(String realmId, String userId, MessageKind kind, long since) {
        return em.createNamedQuery("cc.outbox.countUserSentSince", Long.class).setParameter("realmId", realmId)
                .setParameter("userId", userId).setParameter("kind", kind.name()).setParameter("since", since)
                .getSingleResult();
    }

    @Override
    public long countSentSince(String realmId, long since) {
        return em.createNamedQuery("cc.outbox.countSentSince", Long.class)
                .setParameter("realmId", realmId).setParameter("since", since).getSingleResult();
    }

    @Override
    public Map<State, Long> countByState(String realmId) {
        Map<State, Long> counts = new EnumMap<>(State.class);
        for (State s : State.values()) {
            counts.put(s, 0L);
        }
        for (Object[] row : em.createNamedQuery("cc.outbox.countByState", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            counts.put(State.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        return counts;
    }

    @Override
    public void removeRealm(String realmId) {
        em.createNamedQuery("cc.outbox.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public void removeUser(String realmId, String userId) {
        em.createNamedQuery("cc.outbox.deleteByUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }
}
