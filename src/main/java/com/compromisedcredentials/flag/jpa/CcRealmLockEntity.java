package com.compromisedcredentials.flag.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of CC_REALM_LOCK: one per realm, locked ({@code SELECT ... FOR UPDATE}) by every intake
 * transaction so that batches of one realm are counted and applied one at a time, on every node.
 */
@Entity
@DynamicUpdate
@Table(name = "CC_REALM_LOCK")
@NamedQueries({
        @NamedQuery(name = "cc.lock.digestPeriodEnd",
                query = "select l.digestPeriodEnd from CcRealmLockEntity l where l.realmId = :realmId"),
        @NamedQuery(name = "cc.lock.releaseDigest",
                query = "update CcRealmLockEntity l set l.digestPeriodEnd = :before where l.realmId = :realmId "
                        + "and l.digestPeriodEnd = :end"),
        @NamedQuery(name = "cc.lock.exists", query = "select l.realmId from CcRealmLockEntity l where l.realmId = :realmId"),
        @NamedQuery(name = "cc.lock.deleteByRealm", query = "delete from CcRealmLockEntity l where l.realmId = :realmId"),
})
public class CcRealmLockEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "LOCKED_AT", nullable = false)
    private long lockedAt;

    /** When the realm's admins were last emailed about a held batch (at most one such email per hour). */
    @Column(name = "HELD_NOTICE_AT")
    private Long heldNoticeAt;

    /**
     * The realm's random key (hex) under which leaked passwords are stored as keyed hashes (HMAC-SHA256 of the SHA-1),
     * made with the realm's first leaked password and removed with the realm.
     */
    @Column(name = "LEAK_KEY", length = 64)
    private String leakKey;

    /** The end (epoch ms) of the last period whose admin digest was claimed; null: the realm never had one. */
    @Column(name = "DIGEST_PERIOD_END")
    private Long digestPeriodEnd;

    public Long getDigestPeriodEnd() { return digestPeriodEnd; }
    public void setDigestPeriodEnd(Long digestPeriodEnd) { this.digestPeriodEnd = digestPeriodEnd; }

    public String getLeakKey() { return leakKey; }
    public void setLeakKey(String leakKey) { this.leakKey = leakKey; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public long getLockedAt() { return lockedAt; }
    public void setLockedAt(long lockedAt) { this.lockedAt = lockedAt; }
    public Long getHeldNoticeAt() { return heldNoticeAt; }
    public void setHeldNoticeAt(Long heldNoticeAt) { this.heldNoticeAt = heldNoticeAt; }
}
