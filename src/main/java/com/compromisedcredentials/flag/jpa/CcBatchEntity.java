package com.compromisedcredentials.flag.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/** A row of CC_BATCH: one submission of signals with its provenance and counts. */
@Entity
@DynamicUpdate
@Table(name = "CC_BATCH")
@NamedQueries({
        @NamedQuery(name = "cc.batch.byIdempotencyKey",
                query = "select b from CcBatchEntity b where b.realmId = :realmId and b.idempotencyKey = :key"),
        @NamedQuery(name = "cc.batch.list",
                query = "select b from CcBatchEntity b where b.realmId = :realmId order by b.createdAt desc, b.id desc"),
        @NamedQuery(name = "cc.batch.listByState",
                query = "select b from CcBatchEntity b where b.realmId = :realmId and b.state = :state order by b.createdAt desc, b.id desc"),
        @NamedQuery(name = "cc.batch.inState",
                query = "select b from CcBatchEntity b where b.realmId = :realmId and b.state = :state order by b.createdAt"),
        @NamedQuery(name = "cc.batch.countInState",
                query = "select count(b) from CcBatchEntity b where b.realmId = :realmId and b.state = :state"),
        @NamedQuery(name = "cc.batch.countByState",
                query = "select b.state, count(b) from CcBatchEntity b where b.realmId = :realmId group by b.state"),
        @NamedQuery(name = "cc.batch.deleteByRealm", query = "delete from CcBatchEntity b where b.realmId = :realmId"),
})
public class CcBatchEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "STATE", nullable = false, length = 16)
    private String state;

    @Column(name = "SOURCE", nullable = false, length = 100)
    private String source;

    @Column(name = "REASON", nullable = false, length = 32)
    private String reason;

    @Column(name = "USER_MESSAGE", length = 1000)
    private String userMessage;

    @Column(name = "EVIDENCE", length = 2000)
    private String evidence;

    @Column(name = "ACTOR_ID")
    private String actorId;

    @Column(name = "ACTOR_NAME")
    private String actorName;

    @Column(name = "IDEMPOTENCY_KEY", length = 100)
    private String idempotencyKey;

    @Column(name = "HOLD_REASON", length = 500)
    private String holdReason;

    @Column(name = "RECEIVED", nullable = false)
    private int received;

    @Column(name = "MATCHED", nullable = false)
    private int matched;

    @Column(name = "UNMATCHED", nullable = false)
    private int unmatched;

    @Column(name = "EXCLUDED", nullable = false)
    private int excluded;

    /** Of the excluded, the accounts without a password (passkey-only, identity-provider logins): a reset cannot help them. */
    @Column(name = "EXCLUDED_NO_PASSWORD", nullable = false)
    private int excludedNoPassword;

    @Column(name = "PASSWORDLESS_SIGNED_OUT", nullable = false)
    private int passwordlessSignedOut;

    /** Of a staged batch: the new flags waiting (the rest), its first slice's size, the watch window's end, why it paused. */
    @Column(name = "STAGED", nullable = false)
    private int staged;

    @Column(name = "CANARY_SLICE", nullable = false)
    private int canarySlice;

    @Column(name = "WATCH_UNTIL")
    private Long watchUntil;

    @Column(name = "PAUSE_REASON", length = 500)
    private String pauseReason;

    @Column(name = "REST_DROPPED", nullable = false)
    private int restDropped;

    public int getStaged() { return staged; }
    public void setStaged(int staged) { this.staged = staged; }
    public int getCanarySlice() { return canarySlice; }
    public void setCanarySlice(int canarySlice) { this.canarySlice = canarySlice; }
    public Long getWatchUntil() { return watchUntil; }
    public void setWatchUntil(Long watchUntil) { this.watchUntil = watchUntil; }
    public String getPauseReason() { return pauseReason; }
    public void setPauseReason(String pauseReason) { this.pauseReason = pauseReason; }
    public int getRestDropped() { return restDropped; }
    public void setRestDropped(int restDropped) { this.restDropped = restDropped; }

    /** New SUSPECTED flags: they reach nobody until the leaked password proves current. */
    @Column(name = "SUSPECTED", nullable = false)
    private int suspected;

    /** Matched accounts whose subject carried a leaked password. */
    @Column(name = "WITH_PASSWORD", nullable = false)
    private int withPassword;

    @Column(name = "NEWLY_FLAGGED", nullable = false)
    private int newlyFlagged;

    @Column(name = "ALREADY_FLAGGED", nullable = false)
    private int alreadyFlagged;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "DECIDED_AT")
    private Long decidedAt;

    @Column(name = "DECIDED_BY")
    private String decidedBy;

    @Column(name = "REVERTED_AT")
    private Long revertedAt;

    @Column(name = "REVERTED_BY")
    private String revertedBy;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getUserMessage() { return userMessage; }
    public void setUserMessage(String userMessage) { this.userMessage = userMessage; }
    public String getEvidence() { return evidence; }
    public void setEvidence(String evidence) { this.evidence = evidence; }
    public String getActorId() { return actorId; }
    public void setActorId(String actorId) { this.actorId = actorId; }
    public String getActorName() { return actorName; }
    public void setActorName(String actorName) { this.actorName = actorName; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public void setIdempotencyKey(String idempotencyKey) { this.idempotencyKey = idempotencyKey; }
    public String getHoldReason() { return holdReason; }
    public void setHoldReason(String holdReason) { this.holdReason = holdReason; }
    public int getReceived() { return received; }
    public void setReceived(int received) { this.received = received; }
    public int getMatched() { return matched; }
    public void setMatched(int matched) { this.matched = matched; }
    public int getUnmatched() { return unmatched; }
    public void setUnmatched(int unmatched) { this.unmatched = unmatched; }
    public int getExcluded() { return excluded; }
    public void setExcluded(int excluded) { this.excluded = excluded; }
    public int getPasswordlessSignedOut() { return passwordlessSignedOut; }
    public void setPasswordlessSignedOut(int passwordlessSignedOut) { this.passwordlessSignedOut = passwordlessSignedOut; }
    public int getExcludedNoPassword() { return excludedNoPassword; }
    public void setExcludedNoPassword(int excludedNoPassword) { this.excludedNoPassword = excludedNoPassword; }
    public int getSuspected() { return suspected; }
    public void setSuspected(int suspected) { this.suspected = suspected; }
    public int getWithPassword() { return withPassword; }
    public void setWithPassword(int withPassword) { this.withPassword = withPassword; }
    public int getNewlyFlagged() { return newlyFlagged; }
    public void setNewlyFlagged(int newlyFlagged) { this.newlyFlagged = newlyFlagged; }
    public int getAlreadyFlagged() { return alreadyFlagged; }
    public void setAlreadyFlagged(int alreadyFlagged) { this.alreadyFlagged = alreadyFlagged; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getDecidedAt() { return decidedAt; }
    public void setDecidedAt(Long decidedAt) { this.decidedAt = decidedAt; }
    public String getDecidedBy() { return decidedBy; }
    public void setDecidedBy(String decidedBy) { this.decidedBy = decidedBy; }
    public Long getRevertedAt() { return revertedAt; }
    public void setRevertedAt(Long revertedAt) { this.revertedAt = revertedAt; }
    public String getRevertedBy() { return revertedBy; }
    public void setRevertedBy(String revertedBy) { this.revertedBy = revertedBy; }
}
