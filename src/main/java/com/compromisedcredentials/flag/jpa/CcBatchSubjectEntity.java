package com.compromisedcredentials.flag.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A row of CC_BATCH_SUBJECT: one distinct subject of a batch, the account it matched and its outcome. A
 * held batch keeps its subjects here until it is approved.
 */
@Entity
@Table(name = "CC_BATCH_SUBJECT")
@NamedQueries({
        @NamedQuery(name = "cc.subject.byBatchAndOutcome",
                query = "select s from CcBatchSubjectEntity s where s.batchId = :batchId and s.outcome = :outcome order by s.seq"),
        @NamedQuery(name = "cc.subject.byBatch",
                query = "select s from CcBatchSubjectEntity s where s.batchId = :batchId order by s.seq"),
        @NamedQuery(name = "cc.subject.withLeak",
                query = "select s from CcBatchSubjectEntity s where s.batchId = :batchId and s.leakKeyedHash is not null"),
        @NamedQuery(name = "cc.subject.forgetLeaks",
                query = "update CcBatchSubjectEntity s set s.leakKeyedHash = null where s.batchId = :batchId"),
        @NamedQuery(name = "cc.subject.deleteByBatchAndOutcome",
                query = "delete from CcBatchSubjectEntity s where s.batchId = :batchId and s.outcome = :outcome"),
        @NamedQuery(name = "cc.subject.dropStaged",
                query = "update CcBatchSubjectEntity s set s.outcome = 'DROPPED', s.leakKeyedHash = null "
                        + "where s.batchId = :batchId and s.outcome = 'STAGED'"),
        @NamedQuery(name = "cc.subject.deleteByBatch", query = "delete from CcBatchSubjectEntity s where s.batchId = :batchId"),
        @NamedQuery(name = "cc.subject.deleteByRealm", query = "delete from CcBatchSubjectEntity s where s.realmId = :realmId"),
})
public class CcBatchSubjectEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "BATCH_ID", nullable = false, length = 36)
    private String batchId;

    @Column(name = "SEQ", nullable = false)
    private int seq;

    @Column(name = "KIND", nullable = false, length = 16)
    private String kind;

    @Column(name = "SUBJECT_VALUE", nullable = false)
    private String value;

    @Column(name = "USER_ID")
    private String userId;

    @Column(name = "OUTCOME", nullable = false, length = 16)
    private String outcome;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getBatchId() { return batchId; }
    public void setBatchId(String batchId) { this.batchId = batchId; }
    public int getSeq() { return seq; }
    public void setSeq(int seq) { this.seq = seq; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }

    /**
     * The keyed hash of the leaked password the subject carried, kept only while its batch is HELD (the approval plans
     * it again); never the password nor its plain SHA-1.
     */
    @Column(name = "LEAK_HASH", length = 64)
    private String leakKeyedHash;

    public String getLeakKeyedHash() { return leakKeyedHash; }
    public void setLeakKeyedHash(String leakKeyedHash) { this.leakKeyedHash = leakKeyedHash; }
}
