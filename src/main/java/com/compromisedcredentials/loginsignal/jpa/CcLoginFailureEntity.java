package com.compromisedcredentials.loginsignal.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A row of CC_LOGIN_FAILURE: failed logins in one minute from one address bucket for one username key (an HMAC of
 * the account id or typed username). Written by upserts ({@link LoginCounterUpserts}), read as sums over a window.
 */
@Entity
@Table(name = "CC_LOGIN_FAILURE")
@IdClass(CcLoginFailureEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "cc.loginFailure.candidates",
                query = "select f.bucket, "
                        + "count(distinct case when f.sliceStart >= :stuffingSince then f.userKey end), "
                        + "sum(case when f.sliceStart >= :stuffingSince then f.failures else 0 end), "
                        + "count(distinct case when f.knownUser = true and f.sliceStart >= :sprayingSince then f.userKey end), "
                        + "sum(case when f.knownUser = true and f.sliceStart >= :sprayingSince then f.failures else 0 end) "
                        + "from CcLoginFailureEntity f where f.realmId = :realmId and f.sliceStart >= :since group by f.bucket "
                        + "having count(distinct case when f.sliceStart >= :stuffingSince then f.userKey end) >= :minUsernames "
                        + "or count(distinct case when f.knownUser = true and f.sliceStart >= :sprayingSince then f.userKey end) >= :minAccounts"),
        @NamedQuery(name = "cc.loginFailure.bucketsWithFailures",
                query = "select distinct f.bucket from CcLoginFailureEntity f "
                        + "where f.realmId = :realmId and f.sliceStart >= :since and f.bucket in :buckets"),
        @NamedQuery(name = "cc.loginFailure.realms", query = "select distinct f.realmId from CcLoginFailureEntity f"),
        @NamedQuery(name = "cc.loginFailure.summary",
                query = "select count(distinct f.bucket), sum(f.failures) from CcLoginFailureEntity f "
                        + "where f.realmId = :realmId and f.sliceStart >= :since"),
        @NamedQuery(name = "cc.loginFailure.deleteBefore",
                query = "delete from CcLoginFailureEntity f where f.realmId = :realmId and f.sliceStart < :before"),
        @NamedQuery(name = "cc.loginFailure.deleteByRealm", query = "delete from CcLoginFailureEntity f where f.realmId = :realmId"),
})
public class CcLoginFailureEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "BUCKET", length = 64)
    private String bucket;

    @Id
    @Column(name = "SLICE_START")
    private long sliceStart;

    @Id
    @Column(name = "USER_KEY", length = 32)
    private String userKey;

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "KNOWN_USER", nullable = false)
    private boolean knownUser;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
    public long getSliceStart() { return sliceStart; }
    public void setSliceStart(long sliceStart) { this.sliceStart = sliceStart; }
    public String getUserKey() { return userKey; }
    public void setUserKey(String userKey) { this.userKey = userKey; }
    public int getFailures() { return failures; }
    public void setFailures(int failures) { this.failures = failures; }
    public boolean isKnownUser() { return knownUser; }
    public void setKnownUser(boolean knownUser) { this.knownUser = knownUser; }

    /** The composite primary key. */
    public static class Key implements Serializable {
        private String realmId;
        private String bucket;
        private long sliceStart;
        private String userKey;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sliceStart == sliceStart && Objects.equals(k.realmId, realmId)
                    && Objects.equals(k.bucket, bucket) && Objects.equals(k.userKey, userKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, bucket, sliceStart, userKey);
        }
    }
}
