package com.compromisedcredentials.notify.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/** A row of CC_OUTBOX: one email, written with the change that causes it, sent after commit. */
@Entity
@DynamicUpdate
@Table(name = "CC_OUTBOX")
@NamedQueries({
        @NamedQuery(name = "cc.outbox.lastBaseUrl",
                query = "select m.baseUrl from CcOutboxEntity m where m.realmId = :realmId and m.baseUrl is not null "
                        + "order by m.createdAt desc"),
        @NamedQuery(name = "cc.outbox.dueRealms",
                query = "select distinct m.realmId from CcOutboxEntity m where (m.state = 'PENDING' and m.nextAttemptAt <= :now) "
                        + "or (m.state = 'SENDING' and m.claimedUntil < :now)"),
        @NamedQuery(name = "cc.outbox.due",
                query = "select m from CcOutboxEntity m where m.realmId = :realmId and ((m.state = 'PENDING' and m.nextAttemptAt <= :now) "
                        + "or (m.state = 'SENDING' and m.claimedUntil < :now)) order by m.nextAttemptAt, m.createdAt"),
        @NamedQuery(name = "cc.outbox.claim",
                query = "update CcOutboxEntity m set m.state = 'SENDING', m.claimedUntil = :until where m.id = :id and "
                        + "((m.state = 'PENDING' and m.nextAttemptAt <= :now) or (m.state = 'SENDING' and m.claimedUntil < :now))"),
        @NamedQuery(name = "cc.outbox.cancelFlagged",
                query = "update CcOutboxEntity m set m.state = 'CANCELLED' where m.realmId = :realmId and m.userId in :userIds "
                        + "and m.kind = 'FLAGGED' and m.state = 'PENDING'"),
        @NamedQuery(name = "cc.outbox.flaggedSent",
                query = "select m.id from CcOutboxEntity m where m.realmId = :realmId and m.userId = :userId "
                        + "and m.kind = 'FLAGGED' and m.flagId = :flagId and m.state in ('SENT', 'SENDING')"),
        @NamedQuery(name = "cc.outbox.countSentSince",
                query = "select count(m) from CcOutboxEntity m where m.realmId = :realmId and m.state = 'SENT' and m.sentAt >= :since"),
        @NamedQuery(name = "cc.outbox.countUserSentSince",
                query = "select count(m) from CcOutboxEntity m where m.realmId = :realmId and m.userId = :userId "
                        + "and m.kind = :kind and m.state = 'SENT' and m.sentAt >= :since"),
        @NamedQuery(name = "cc.outbox.countByState",
                query = "select m.state, count(m) from CcOutboxEntity m where m.realmId = :realmId group by m.state"),
        @NamedQuery(name = "cc.outbox.bounces",
                query = "select m from CcOutboxEntity m where m.realmId = :realmId and m.state = 'BOUNCED' order by m.createdAt desc, m.id"),
        @NamedQuery(name = "cc.outbox.deleteByRealm", query = "delete from CcOutboxEntity m where m.realmId = :realmId"),
        @NamedQuery(name = "cc.outbox.deleteByUser",
                query = "delete from CcOutboxEntity m where m.realmId = :realmId and m.userId = :userId"),
})
public class CcOutboxEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "KIND", nullable = false, length = 32)
    private String kind;

    @Column(name = "USER_ID")
    private String userId;

    @Column(name = "RECIPIENT")
    private String recipient;

    @Column(name = "FLAG_ID", length = 36)
    private String flagId;

    @Column(name = "BATCH_ID", length = 36)
    private String batchId;

    @Column(name = "BASE_URL", length = 1000)
    private String baseUrl;

    @Column(name = "STATE", nullable = false, length = 16)
    private String state;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "CLAIMED_UNTIL")
    private Long claimedUntil;

    @Column(name = "SENT_AT")
    private Long sentAt;

    @Column(name = "LAST_ERROR", length = 500)
    private String lastError;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getRecipient() { return recipient; }
    public void setRecipient(String recipient) { this.recipient = recipient; }
    public String getFlagId() { return flagId; }
    public void setFlagId(String flagId) { this.flagId = flagId; }
    public String getBatchId() { return batchId; }
    public void setBatchId(String batchId) { this.batchId = batchId; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public Long getClaimedUntil() { return claimedUntil; }
    public void setClaimedUntil(Long claimedUntil) { this.claimedUntil = claimedUntil; }
    public Long getSentAt() { return sentAt; }
    public void setSentAt(Long sentAt) { this.sentAt = sentAt; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
}
