package com.compromisedcredentials.ssf.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of CC_SSF_TRANSMITTER: a Shared Signals transmitter registered in a realm. {@code CONFIG} is its
 * configuration as JSON, bearer tokens included (like a client secret, it is needed in clear to be sent or
 * compared); the admin API never shows them.
 */
@Entity
@DynamicUpdate
@Table(name = "CC_SSF_TRANSMITTER")
@NamedQueries({
        @NamedQuery(name = "cc.ssf.transmitter.byRealm",
                query = "select t from CcSsfTransmitterEntity t where t.realmId = :realmId order by t.createdAt, t.id"),
        @NamedQuery(name = "cc.ssf.transmitter.byIssuer",
                query = "select t from CcSsfTransmitterEntity t where t.realmId = :realmId and t.issuerHash = :issuerHash"),
        @NamedQuery(name = "cc.ssf.transmitter.polled",
                query = "select t from CcSsfTransmitterEntity t where t.delivery = 'poll' and t.enabled = true order by t.createdAt, t.id"),
        @NamedQuery(name = "cc.ssf.transmitter.deleteByRealm",
                query = "delete from CcSsfTransmitterEntity t where t.realmId = :realmId"),
})
public class CcSsfTransmitterEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "ISSUER", nullable = false, length = 1000)
    private String issuer;

    @Column(name = "ISSUER_HASH", nullable = false, length = 64)
    private String issuerHash;

    @Column(name = "DELIVERY", nullable = false, length = 16)
    private String delivery;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "CONFIG", nullable = false)
    private String config;

    @Column(name = "REALM_ISSUER", length = 1000)
    private String realmIssuer;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY")
    private String createdBy;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "LAST_RECEIVED_AT")
    private Long lastReceivedAt;

    @Column(name = "LAST_POLL_AT")
    private Long lastPollAt;

    @Column(name = "LAST_POLL_ERROR", length = 500)
    private String lastPollError;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getIssuer() { return issuer; }
    public void setIssuer(String issuer) { this.issuer = issuer; }
    public String getIssuerHash() { return issuerHash; }
    public void setIssuerHash(String issuerHash) { this.issuerHash = issuerHash; }
    public String getDelivery() { return delivery; }
    public void setDelivery(String delivery) { this.delivery = delivery; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getConfig() { return config; }
    public void setConfig(String config) { this.config = config; }
    public String getRealmIssuer() { return realmIssuer; }
    public void setRealmIssuer(String realmIssuer) { this.realmIssuer = realmIssuer; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
    public Long getLastReceivedAt() { return lastReceivedAt; }
    public void setLastReceivedAt(Long lastReceivedAt) { this.lastReceivedAt = lastReceivedAt; }
    public Long getLastPollAt() { return lastPollAt; }
    public void setLastPollAt(Long lastPollAt) { this.lastPollAt = lastPollAt; }
    public String getLastPollError() { return lastPollError; }
    public void setLastPollError(String lastPollError) { this.lastPollError = lastPollError; }
}
