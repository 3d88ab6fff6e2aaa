package com.compromisedcredentials.loginsignal.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A row of CC_LOGIN_DETECTION: an attack detected from an address bucket (active until {@code ACTIVE_UNTIL}, extended
 * while it goes on), or successful logins from a listed address; with the counts that made it one and what came of
 * the accounts that logged in from there.
 */
@Entity
@Table(name = "CC_LOGIN_DETECTION")
@NamedQueries({
        @NamedQuery(name = "cc.loginDetection.active",
                query = "select d from CcLoginDetectionEntity d where d.realmId = :realmId and d.kind = :kind "
                        + "and d.bucket = :bucket and d.activeUntil >= :now order by d.detectedAt desc"),
        @NamedQuery(name = "cc.loginDetection.activeAttackInBucket",
                query = "select d from CcLoginDetectionEntity d where d.realmId = :realmId and d.kind <> :listed "
                        + "and d.bucket = :bucket and d.activeUntil >= :now order by d.detectedAt desc"),
        @NamedQuery(name = "cc.loginDetection.activeAttacks",
                query = "select d from CcLoginDetectionEntity d where d.realmId = :realmId and d.kind <> :listed "
                        + "and d.activeUntil >= :now order by d.detectedAt"),
        @NamedQuery(name = "cc.loginDetection.list",
                query = "select d from CcLoginDetectionEntity d where d.realmId = :realmId order by d.detectedAt desc, d.id"),
        @NamedQuery(name = "cc.loginDetection.summary",
                query = "select d.kind, count(d), sum(d.successes), sum(d.flagged), sum(d.held), sum(d.recorded) "
                        + "from CcLoginDetectionEntity d where d.realmId = :realmId group by d.kind"),
        @NamedQuery(name = "cc.loginDetection.countActive",
                query = "select count(d) from CcLoginDetectionEntity d where d.realmId = :realmId and d.activeUntil >= :now"),
        @NamedQuery(name = "cc.loginDetection.deleteBefore",
                query = "delete from CcLoginDetectionEntity d where d.activeUntil < :before"),
        @NamedQuery(name = "cc.loginDetection.deleteByRealm", query = "delete from CcLoginDetectionEntity d where d.realmId = :realmId"),
})
public class CcLoginDetectionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "KIND", nullable = false, length = 32)
    private String kind;

    @Column(name = "BUCKET", nullable = false, length = 64)
    private String bucket;

    @Column(name = "LIST_SOURCE", length = 1000)
    private String listSource;

    @Column(name = "LIST_ENTRY", length = 64)
    private String listEntry;

    @Column(name = "ON_SUCCESS", nullable = false, length = 16)
    private String onSuccess;

    @Column(name = "DETECTED_AT", nullable = false)
    private long detectedAt;

    @Column(name = "WINDOW_START", nullable = false)
    private long windowStart;

    @Column(name = "LAST_SEEN_AT", nullable = false)
    private long lastSeenAt;

    @Column(name = "ACTIVE_UNTIL", nullable = false)
    private long activeUntil;

    @Column(name = "USERNAMES", nullable = false)
    private long usernames;

    @Column(name = "FAILURES", nullable = false)
    private long failures;

    @Column(name = "SUCCESSES", nullable = false)
    private long successes;

    @Column(name = "FLAGGED", nullable = false)
    private long flagged;

    @Column(name = "HELD", nullable = false)
    private long held;

    @Column(name = "RECORDED", nullable = false)
    private long recorded;

    @Column(name = "LAST_BATCH_ID", length = 36)
    private String lastBatchId;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
    public String getListSource() { return listSource; }
    public void setListSource(String listSource) { this.listSource = listSource; }
    public String getListEntry() { return listEntry; }
    public void setListEntry(String listEntry) { this.listEntry = listEntry; }
    public String getOnSuccess() { return onSuccess; }
    public void setOnSuccess(String onSuccess) { this.onSuccess = onSuccess; }
    public long getDetectedAt() { return detectedAt; }
    public void setDetectedAt(long detectedAt) { this.detectedAt = detectedAt; }
    public long getWindowStart() { return windowStart; }
    public void setWindowStart(long windowStart) { this.windowStart = windowStart; }
    public long getLastSeenAt() { return lastSeenAt; }
    public void setLastSeenAt(long lastSeenAt) { this.lastSeenAt = lastSeenAt; }
    public long getActiveUntil() { return activeUntil; }
    public void setActiveUntil(long activeUntil) { this.activeUntil = activeUntil; }
    public long getUsernames() { return usernames; }
    public void setUsernames(long usernames) { this.usernames = usernames; }
    public long getFailures() { return failures; }
    public void setFailures(long failures) { this.failures = failures; }
    public long getSuccesses() { return successes; }
    public void setSuccesses(long successes) { this.successes = successes; }
    public long getFlagged() { return flagged; }
    public void setFlagged(long flagged) { this.flagged = flagged; }
    public long getHeld() { return held; }
    public void setHeld(long held) { this.held = held; }
    public long getRecorded() { return recorded; }
    public void setRecorded(long recorded) { this.recorded = recorded; }
    public String getLastBatchId() { return lastBatchId; }
    public void setLastBatchId(String lastBatchId) { this.lastBatchId = lastBatchId; }
}
