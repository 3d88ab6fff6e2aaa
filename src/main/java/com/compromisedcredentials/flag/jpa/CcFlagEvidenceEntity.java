package com.compromisedcredentials.flag.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A row of CC_FLAG_EVIDENCE: a further signal about an already flagged account. */
@Entity
@Table(name = "CC_FLAG_EVIDENCE")
@NamedQueries({
        @NamedQuery(name = "cc.evidence.deleteByRealm", query = "delete from CcFlagEvidenceEntity e where e.realmId = :realmId"),
        @NamedQuery(name = "cc.evidence.deleteByUser",
                query = "delete from CcFlagEvidenceEntity e where e.realmId = :realmId and e.flagId in "
                        + "(select f.id from CcFlagEntity f where f.realmId = :realmId and f.userId = :userId)"),
})
public class CcFlagEvidenceEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "FLAG_ID", nullable = false, length = 36)
    private String flagId;

    @Column(name = "BATCH_ID", length = 36)
    private String batchId;

    @Column(name = "SOURCE", nullable = false, length = 100)
    private String source;

    @Column(name = "REASON", nullable = false, length = 32)
    private String reason;

    @Column(name = "EVIDENCE", length = 2000)
    private String evidence;

    @Column(name = "CREATED_BY", nullable = false)
    private String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getFlagId() { return flagId; }
    public void setFlagId(String flagId) { this.flagId = flagId; }
    public String getBatchId() { return batchId; }
    public void setBatchId(String batchId) { this.batchId = batchId; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getEvidence() { return evidence; }
    public void setEvidence(String evidence) { this.evidence = evidence; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
}
