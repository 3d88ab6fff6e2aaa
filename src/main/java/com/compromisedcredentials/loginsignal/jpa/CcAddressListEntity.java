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
 * A row of CC_ADDRESS_LIST: the last good copy of a threat-intel list a realm names ({@code CONTENT}, one normalized
 * entry per line), written by the one node that refreshed it and read by every node; a failed refresh records its
 * error and leaves the copy as it was.
 */
@Entity
@Table(name = "CC_ADDRESS_LIST")
@IdClass(CcAddressListEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "cc.addressList.byRealm",
                query = "select l from CcAddressListEntity l where l.realmId = :realmId order by l.source"),
        @NamedQuery(name = "cc.addressList.versions",
                query = "select l.sourceHash, l.fetchedAt from CcAddressListEntity l where l.realmId = :realmId"),
        @NamedQuery(name = "cc.addressList.realms", query = "select distinct l.realmId from CcAddressListEntity l"),
        @NamedQuery(name = "cc.addressList.deleteByRealm", query = "delete from CcAddressListEntity l where l.realmId = :realmId"),
})
public class CcAddressListEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "SOURCE_HASH", length = 64)
    private String sourceHash;

    @Column(name = "SOURCE", nullable = false, length = 1000)
    private String source;

    @Column(name = "CONTENT")
    private String content;

    @Column(name = "ENTRIES", nullable = false)
    private int entries;

    @Column(name = "INVALID", nullable = false)
    private int invalid;

    @Column(name = "FETCHED_AT")
    private Long fetchedAt;

    @Column(name = "LAST_ATTEMPT_AT", nullable = false)
    private long lastAttemptAt;

    @Column(name = "LAST_ERROR", length = 500)
    private String lastError;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getSourceHash() { return sourceHash; }
    public void setSourceHash(String sourceHash) { this.sourceHash = sourceHash; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getContent() { return content; }
    public void setContent(String content) { this.content = content; }
    public int getEntries() { return entries; }
    public void setEntries(int entries) { this.entries = entries; }
    public int getInvalid() { return invalid; }
    public void setInvalid(int invalid) { this.invalid = invalid; }
    public Long getFetchedAt() { return fetchedAt; }
    public void setFetchedAt(Long fetchedAt) { this.fetchedAt = fetchedAt; }
    public long getLastAttemptAt() { return lastAttemptAt; }
    public void setLastAttemptAt(long lastAttemptAt) { this.lastAttemptAt = lastAttemptAt; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }

    /** The composite primary key. */
    public static class Key implements Serializable {
        private String realmId;
        private String sourceHash;

        public Key() {
        }

        public Key(String realmId, String sourceHash) {
            this.realmId = realmId;
            this.sourceHash = sourceHash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.realmId, realmId) && Objects.equals(k.sourceHash, sourceHash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, sourceHash);
        }
    }
}
