package com.compromisedcredentials.ssf.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A row of CC_SSF_RECEIVED: the receipt of one accepted SET, kept until {@code EXPIRES_AT} so that its {@code jti}
 * is never acted on twice. Unique per realm, issuer and {@code jti} (both hashed to fit an index); written in the
 * transaction of the batch the SET caused.
 */
@Entity
@Table(name = "CC_SSF_RECEIVED")
@NamedQueries({
        @NamedQuery(name = "cc.ssf.received.count",
                query = "select count(r) from CcSsfReceivedEntity r where r.realmId = :realmId and r.issuerHash = :issuerHash "
                        + "and r.jtiHash = :jtiHash and r.expiresAt >= :now"),
        @NamedQuery(name = "cc.ssf.received.byTransmitter",
                query = "select r from CcSsfReceivedEntity r where r.realmId = :realmId and r.transmitterId = :transmitterId "
                        + "order by r.receivedAt desc, r.id desc"),
        @NamedQuery(name = "cc.ssf.received.expired",
                query = "select r.id from CcSsfReceivedEntity r where r.expiresAt < :now"),
        @NamedQuery(name = "cc.ssf.received.deleteByIds",
                query = "delete from CcSsfReceivedEntity r where r.id in :ids"),
        @NamedQuery(name = "cc.ssf.received.deleteStale",
                query = "delete from CcSsfReceivedEntity r where r.realmId = :realmId and r.issuerHash = :issuerHash "
                        + "and r.jtiHash = :jtiHash and r.expiresAt < :now"),
        @NamedQuery(name = "cc.ssf.received.deleteByRealm",
                query = "delete from CcSsfReceivedEntity r where r.realmId = :realmId"),
})
public class CcSsfReceivedEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "TRANSMITTER_ID", nullable = false, length = 36)
    private String transmitterId;

    @Column(name = "ISSUER_HASH", nullable = false, length = 64)
    private String issuerHash;

    @Column(name = "JTI_HASH", nullable = false, length = 64)
    private String jtiHash;

    @Column(name = "JTI", nullable = false, length = 256)
    private String jti;

    @Column(name = "DELIVERY", nullable = false, length = 16)
    private String delivery;

    @Column(name = "OUTCOME", nullable = false, length = 16)
    private String outcome;

    @Column(name = "BATCH_ID", length = 36)
    private String batchId;

    @Column(name = "EVENTS", length = 500)
    private String events;

    @Column(name = "RECEIVED_AT", nullable = false)
    private long receivedAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getTransmitterId() { return transmitterId; }
    public void setTransmitterId(String transmitterId) { this.transmitterId = transmitterId; }
    public String getIssuerHash() { return issuerHash; }
    public void setIssuerHash(String issuerHash) { this.issuerHash = issuerHash; }
    public String getJtiHash() { return jtiHash; }
    public void setJtiHash(String jtiHash) { this.jtiHash = jtiHash; }
    public String getJti() { return jti; }
    public void setJti(String jti) { this.jti = jti; }
    public String getDelivery() { return delivery; }
    public void setDelivery(String delivery) { this.delivery = delivery; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getBatchId() { return batchId; }
    public void setBatchId(String batchId) { this.batchId = batchId; }
    public String getEvents() { return events; }
    public void setEvents(String events) { this.events = events; }
    public long getReceivedAt() { return receivedAt; }
    public void setReceivedAt(long receivedAt) { this.receivedAt = receivedAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
}
