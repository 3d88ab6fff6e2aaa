package com.compromisedcredentials.ssf.jpa;

import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.ReceivedSet;
import com.compromisedcredentials.ssf.set.SetKeys;
import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.admin.TransmitterConfigParser;
import com.compromisedcredentials.ssf.TransmitterStore;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.utils.KeycloakModelUtils;

/** {@link TransmitterStore} on Keycloak's database, in the session's entity manager and transaction (the one the flag store uses). */
public class JpaTransmitterStore implements TransmitterStore {

    private static final Logger LOG = Logger.getLogger(JpaTransmitterStore.class);
    private static final TransmitterConfigParser PARSER = new TransmitterConfigParser();
    private static final int MAX_ERROR = 500;

    private final EntityManager em;

    public JpaTransmitterStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public StoredTransmitter create(String realmId, Draft draft, String createdBy) {
        long now = Time.currentTimeMillis();
        CcSsfTransmitterEntity entity = new CcSsfTransmitterEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realmId);
        entity.setCreatedAt(now);
        entity.setCreatedBy(createdBy);
        write(entity, draft, now);
        em.persist(entity);
        em.flush();
        return toStored(entity);
    }

    @Override
    public Optional<StoredTransmitter> update(String realmId, String id, Draft draft) {
        Optional<CcSsfTransmitterEntity> entity = findEntity(realmId, id);
        entity.ifPresent(e -> {
            write(e, draft, Math.max(Time.currentTimeMillis(), e.getUpdatedAt() + 1));
            em.flush();
        });
        return entity.map(JpaTransmitterStore::toStored);
    }

    @Override
    public Optional<StoredTransmitter> find(String realmId, String id) {
        return findEntity(realmId, id).map(JpaTransmitterStore::toStored);
    }

    @Override
    public Optional<StoredTransmitter> findByIssuer(String realmId, String issuer) {
        return em.createNamedQuery("cc.ssf.transmitter.byIssuer", CcSsfTransmitterEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("issuerHash", SetKeys.hash(issuer))
                .getResultStream()
                .filter(t -> t.getIssuer().equals(issuer))
                .findFirst()
                .map(JpaTransmitterStore::toStored);
    }

    @Override
    public List<StoredTransmitter> list(String realmId) {
        return em.createNamedQuery("cc.ssf.transmitter.byRealm", CcSsfTransmitterEntity.class)
                .setParameter("realmId", realmId)
                .getResultStream()
                .map(JpaTransmitterStore::toStored)
                .toList();
    }

    @Override
    public List<StoredTransmitter> listPolled() {
        return em.createNamedQuery("cc.ssf.transmitter.polled", CcSsfTransmitterEntity.class)
                .getResultStream()
                .map(JpaTransmitterStore::toStored)
                .toList();
    }

    @Override
    public boolean delete(String realmId, String id) {
        Optional<CcSsfTransmitterEntity> entity = findEntity(realmId, id);
        entity.ifPresent(em::remove);
        em.flush();
        return entity.isPresent();
    }

    @Override
    public void pollFinished(String id, long at, String error) {
        CcSsfTransmitterEntity entity = em.find(CcSsfTransmitterEntity.class, id);
        if (entity != null) {
            entity.setLastPollAt(at);
            entity.setLastPollError(error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
        }
    }

    @Override
    public boolean isReceived(String realmId, String issuer, String jti) {
        return em.createNamedQuery("cc.ssf.received.count", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("issuerHash", SetKeys.hash(issuer))
                .setParameter("jtiHash", SetKeys.hash(jti))
                .setParameter("now", Time.currentTimeMillis())
                .getSingleResult() > 0;
    }

    @Override
    public void received(String realmId, String issuer, ReceivedSet receipt) {
        String issuerHash = SetKeys.hash(issuer);
        String jtiHash = SetKeys.hash(receipt.jti());
        // an expired receipt of the same jti, not yet swept, would collide with the unique key
        em.createNamedQuery("cc.ssf.received.deleteStale")
                .setParameter("realmId", realmId)
                .setParameter("issuerHash", issuerHash)
                .setParameter("jtiHash", jtiHash)
                .setParameter("now", Time.currentTimeMillis())
                .executeUpdate();
        CcSsfReceivedEntity entity = new CcSsfReceivedEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realmId);
        entity.setTransmitterId(receipt.transmitterId());
        entity.setIssuerHash(issuerHash);
        entity.setJtiHash(jtiHash);
        entity.setJti(receipt.jti());
        entity.setDelivery(receipt.delivery().wireName());
        entity.setOutcome(receipt.outcome().name());
        entity.setBatchId(receipt.batchId());
        entity.setEvents(receipt.events() == null || receipt.events().length() <= 500 ? receipt.events() : receipt.events().substring(0, 500));
        entity.setReceivedAt(receipt.receivedAt());
        entity.setExpiresAt(receipt.expiresAt());
        em.persist(entity);
        CcSsfTransmitterEntity transmitter = em.find(CcSsfTransmitterEntity.class, receipt.transmitterId());
        if (transmitter != null) {
            transmitter.setLastReceivedAt(receipt.receivedAt());
        }
        em.flush();
    }

    @Override
    public List<ReceivedSet> listReceived(String realmId, String transmitterId, int first, int max) {
        return em.createNamedQuery("cc.ssf.received.byTransmitter", CcSsfReceivedEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("transmitterId", transmitterId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultStream()
                .map(JpaTransmitterStore::toReceived)
                .toList();
    }

    @Override
    public int deleteExpiredReceipts(long now, int max) {
        List<String> ids = em.createNamedQuery("cc.ssf.received.expired", String.class)
                .setParameter("now", now)
                .setMaxResults(max)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNamedQuery("cc.ssf.received.deleteByIds").setParameter("ids", ids).executeUpdate();
    }

    @Override
    public void removeRealm(String realmId) {
        em.createNamedQuery("cc.ssf.received.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("cc.ssf.transmitter.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private Optional<CcSsfTransmitterEntity> findEntity(String realmId, String id) {
        CcSsfTransmitterEntity entity = id == null ? null : em.find(CcSsfTransmitterEntity.class, id);
        return entity == null || !entity.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(entity);
    }

    private static void write(CcSsfTransmitterEntity entity, Draft draft, long now) {
        entity.setIssuer(draft.config().issuer());
        entity.setIssuerHash(SetKeys.hash(draft.config().issuer()));
        entity.setDelivery(draft.config().delivery().wireName());
        entity.setEnabled(draft.enabled());
        entity.setConfig(PARSER.toJsonString(draft.config(), true));
        entity.setRealmIssuer(draft.realmIssuer());
        entity.setUpdatedAt(now);
    }

    private static StoredTransmitter toStored(CcSsfTransmitterEntity e) {
        return new StoredTransmitter(e.getId(), e.getRealmId(), PARSER.parse(e.getConfig()), e.isEnabled(),
                e.getRealmIssuer(), e.getCreatedAt(), e.getCreatedBy(), e.getUpdatedAt(), e.getLastReceivedAt(),
                e.getLastPollAt(), e.getLastPollError());
    }

    private static ReceivedSet toReceived(CcSsfReceivedEntity e) {
        ReceivedSet.Outcome outcome;
        try {
            outcome = ReceivedSet.Outcome.valueOf(e.getOutcome());
        } catch (IllegalArgumentException unknown) {
            LOG.debugf("Receipt %s has an unknown outcome %s", e.getId(), e.getOutcome());
            outcome = ReceivedSet.Outcome.IGNORED;
        }
        return new ReceivedSet(e.getTransmitterId(), e.getJti(), DeliveryMethod.fromWireName(e.getDelivery()).orElse(DeliveryMethod.PUSH),
                outcome, e.getBatchId(), e.getEvents(), e.getReceivedAt(), e.getExpiresAt());
    }
}
