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
 * A row of CC_LOGIN_SUCCESS: an account's successful logins in one minute from one address bucket, kept only when the
 * bucket had failed logins in the realm's window or the address is on a list. {@code HANDLED_AT}/{@code OUTCOME} say
 * what a detection did with it (flagged, held, recorded), so that each is acted on once.
 */
@Entity
@Table(name = "CC_LOGIN_SUCCESS")
@IdClass(CcLoginSuccessEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "cc.loginSuccess.countInBucket",
                query = "select coalesce(sum(s.logins), 0) from CcLoginSuccessEntity s "
                        + "where s.realmId = :realmId and s.bucket = :bucket and s.sliceStart >= :since"),
        @NamedQuery(name = "cc.loginSuccess.unhandledInBucket",
                query = "select s from CcLoginSuccessEntity s where s.realmId = :realmId and s.bucket = :bucket "
                        + "and s.sliceStart >= :since and s.handledAt is null order by s.sliceStart, s.userId"),
        @NamedQuery(name = "cc.loginSuccess.unhandledListed",
                query = "select s from CcLoginSuccessEntity s where s.realmId = :realmId and s.listSource is not null "
                        + "and s.handledAt is null order by s.sliceStart, s.userId"),
        @NamedQuery(name = "cc.loginSuccess.realms", query = "select distinct s.realmId from CcLoginSuccessEntity s"),
        @NamedQuery(name = "cc.loginSuccess.deleteBefore",
                query = "delete from CcLoginSuccessEntity s where s.realmId = :realmId and s.sliceStart < :before"),
        @NamedQuery(name = "cc.loginSuccess.deleteByRealm", query = "delete from CcLoginSuccessEntity s where s.realmId = :realmId"),
        @NamedQuery(name = "cc.loginSuccess.deleteByUser",
                query = "delete from CcLoginSuccessEntity s where s.realmId = :realmId and s.userId = :userId"),
})
public class CcLoginSuccessEntity {

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
    @Column(name = "USER_ID", length = 255)
    private String userId;

    @Column(name = "LOGINS", nullable = false)
    private int logins;

    @Column(name = "ADDRESS", length = 64)
    private String address;

    @Column(name = "LIST_SOURCE", length = 1000)
    private String listSource;

    @Column(name = "LIST_ENTRY", length = 64)
    private String listEntry;

    @Column(name = "HANDLED_AT")
    private Long handledAt;

    @Column(name = "OUTCOME", length = 64)
    private String outcome;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
    public long getSliceStart() { return sliceStart; }
    public void setSliceStart(long sliceStart) { this.sliceStart = sliceStart; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public int getLogins() { return logins; }
    public void setLogins(int logins) { this.logins = logins; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public String getListSource() { return listSource; }
    public void setListSource(String listSource) { this.listSource = listSource; }
    public String getListEntry() { return listEntry; }
    public void setListEntry(String listEntry) { this.listEntry = listEntry; }
    public Long getHandledAt() { return handledAt; }
    public void setHandledAt(Long handledAt) { this.handledAt = handledAt; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }

    /** The composite primary key. */
    public static class Key implements Serializable {
        private String realmId;
        private String bucket;
        private long sliceStart;
        private String userId;

        public Key() {
        }

        public Key(String realmId, String bucket, long sliceStart, String userId) {
            this.realmId = realmId;
            this.bucket = bucket;
            this.sliceStart = sliceStart;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sliceStart == sliceStart && Objects.equals(k.realmId, realmId)
                    && Objects.equals(k.bucket, bucket) && Objects.equals(k.userId, userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, bucket, sliceStart, userId);
        }
    }
}
