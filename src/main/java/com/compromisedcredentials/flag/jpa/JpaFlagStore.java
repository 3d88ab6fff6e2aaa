package com.compromisedcredentials.flag.jpa;

import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchCounts;
import com.compromisedcredentials.flag.BatchDraft;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.flag.SubjectOutcome;
import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.models.utils.KeycloakModelUtils;

/** {@link FlagStore} on Keycloak's own database, through its JPA entity manager and transaction. */
public class JpaFlagStore implements FlagStore {

    /** Rows flushed to the database at a time when a big batch is stored. */
    private static final int FLUSH_EVERY = 500;

    private final EntityManager em;

    public JpaFlagStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<Flag> findActive(String realmId, String userId) {
        return em.createNamedQuery("cc.flag.active", CcFlagEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultStream()
                .findFirst()
                .map(JpaFlagStore::toFlag);
    }

    @Override
    public Optional<Flag> findLatest(String realmId, String userId) {
        Optional<Flag> active = findActive(realmId, userId);
        if (active.isPresent()) {
            return active;
        }
        return em.createNamedQuery("cc.flag.byUserNewestFirst", CcFlagEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(JpaFlagStore::toFlag);
    }

    @Override
    public Optional<Batch> findBatch(String realmId, String batchId) {
        CcBatchEntity entity = em.find(CcBatchEntity.class, batchId);
        return entity == null || !entity.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(toBatch(entity));
    }

    @Override
    public Optional<Batch> findBatchByIdempotencyKey(String realmId, String idempotencyKey) {
        return em.createNamedQuery("cc.batch.byIdempotencyKey", CcBatchEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("key", idempotencyKey)
                .getResultStream()
                .findFirst()
                .map(JpaFlagStore::toBatch);
    }

    @Override
    public Batch storeBatch(String realmId, BatchDraft draft, String enforcementMode) {
        long now = Time.currentTimeMillis();
        BatchCounts counts = draft.counts();

        CcBatchEntity batch = new CcBatchEntity();
        batch.setId(KeycloakModelUtils.generateId());
        batch.setRealmId(realmId);
        batch.setState(draft.state().name());
        batch.setSource(draft.source());
        batch.setReason(draft.reason().wireName());
        batch.setUserMessage(draft.userMessage());
        batch.setEvidence(draft.evidence());
        batch.setActorId(draft.actorId());
        batch.setActorName(draft.actorName());
        batch.setIdempotencyKey(draft.idempotencyKey());
        batch.setReceived(counts.received());
        batch.setMatched(counts.matched());
        batch.setUnmatched(counts.unmatched());
        batch.setExcluded(counts.excluded());
        batch.setNewlyFlagged(counts.newlyFlagged());
        batch.setAlreadyFlagged(counts.alreadyFlagged());
        batch.setCreatedAt(now);
        em.persist(batch);

        boolean apply = draft.state() == BatchState.APPLIED;
        String actor = draft.actorName() != null ? draft.actorName() : draft.source();
        int seq = 0;
        for (PlannedSubject planned : draft.plan()) {
            CcBatchSubjectEntity row = new CcBatchSubjectEntity();
            row.setId(KeycloakModelUtils.generateId());
            row.setRealmId(realmId);
            row.setBatchId(batch.getId());
            row.setSeq(seq++);
            row.setKind(planned.subject().kind().name());
            row.setValue(planned.subject().value());
            row.setUserId(planned.userId());
            row.setOutcome(planned.outcome().name());
            em.persist(row);

            if (apply && planned.outcome() == SubjectOutcome.NEWLY_FLAGGED) {
                em.persist(newFlag(realmId, planned.userId(), batch, actor, enforcementMode, now));
            } else if (apply && planned.outcome() == SubjectOutcome.ALREADY_FLAGGED) {
                findActiveEntity(realmId, planned.userId())
                        .ifPresent(flag -> em.persist(newEvidence(flag, batch, actor, now)));
            }
            if (seq % FLUSH_EVERY == 0) {
                em.flush();
            }
        }
        em.flush();
        return toBatch(batch);
    }

    @Override
    public List<Subject> unmatchedSubjects(String batchId) {
        return em.createNamedQuery("cc.subject.byBatchAndOutcome", CcBatchSubjectEntity.class)
                .setParameter("batchId", batchId)
                .setParameter("outcome", SubjectOutcome.UNMATCHED.name())
                .getResultStream()
                .map(s -> new Subject(SubjectKind.valueOf(s.getKind()), s.getValue()))
                .toList();
    }

    @Override
    public Optional<Flag> resolve(String realmId, String userId, String resolution) {
        Optional<CcFlagEntity> active = findActiveEntity(realmId, userId);
        active.ifPresent(flag -> {
            flag.setState(FlagState.RESOLVED.name());
            flag.setActiveUserId(null);
            flag.setResolvedAt(Time.currentTimeMillis());
            flag.setResolution(resolution);
            em.flush();
        });
        return active.map(JpaFlagStore::toFlag);
    }

    @Override
    public void removeRealm(String realmId) {
        for (String query : List.of("cc.evidence.deleteByRealm", "cc.flag.deleteByRealm", "cc.subject.deleteByRealm",
                "cc.batch.deleteByRealm")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).executeUpdate();
        }
    }

    @Override
    public void removeUser(String realmId, String userId) {
        for (String query : List.of("cc.evidence.deleteByUser", "cc.flag.deleteByUser")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        }
    }

    private Optional<CcFlagEntity> findActiveEntity(String realmId, String userId) {
        return em.createNamedQuery("cc.flag.active", CcFlagEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultStream()
                .findFirst();
    }

    private static CcFlagEntity newFlag(String realmId, String userId, CcBatchEntity batch, String actor,
            String enforcementMode, long now) {
        CcFlagEntity flag = new CcFlagEntity();
        flag.setId(KeycloakModelUtils.generateId());
        flag.setRealmId(realmId);
        flag.setUserId(userId);
        flag.setActiveUserId(userId);
        flag.setBatchId(batch.getId());
        flag.setSource(batch.getSource());
        flag.setReason(batch.getReason());
        flag.setUserMessage(batch.getUserMessage());
        flag.setEvidence(batch.getEvidence());
        flag.setCreatedBy(actor);
        flag.setEnforcementMode(enforcementMode);
        flag.setState(FlagState.ACTIVE.name());
        flag.setCreatedAt(now);
        return flag;
    }

    private static CcFlagEvidenceEntity newEvidence(CcFlagEntity flag, CcBatchEntity batch, String actor, long now) {
        CcFlagEvidenceEntity evidence = new CcFlagEvidenceEntity();
        evidence.setId(KeycloakModelUtils.generateId());
        evidence.setRealmId(flag.getRealmId());
        evidence.setFlagId(flag.getId());
        evidence.setBatchId(batch.getId());
        evidence.setSource(batch.getSource());
        evidence.setReason(batch.getReason());
        evidence.setEvidence(batch.getEvidence());
        evidence.setCreatedBy(actor);
        evidence.setCreatedAt(now);
        return evidence;
    }

    static Flag toFlag(CcFlagEntity e) {
        return new Flag(e.getId(), e.getRealmId(), e.getUserId(), e.getBatchId(), e.getSource(),
                ReasonCategory.fromWireName(e.getReason()).orElse(ReasonCategory.ADMIN), e.getUserMessage(),
                e.getEvidence(), e.getCreatedBy(), e.getEnforcementMode(), FlagState.valueOf(e.getState()),
                e.getCreatedAt(), e.getResolvedAt(), e.getResolution(), e.getDismissedAt(), e.getDismissedBy(),
                e.getRevertedAt(), e.getRevertedBy());
    }

    static Batch toBatch(CcBatchEntity e) {
        return new Batch(e.getId(), e.getRealmId(), BatchState.valueOf(e.getState()), e.getSource(),
                ReasonCategory.fromWireName(e.getReason()).orElse(ReasonCategory.ADMIN), e.getUserMessage(),
                e.getEvidence(), e.getActorId(), e.getActorName(), e.getIdempotencyKey(),
                new BatchCounts(e.getReceived(), e.getMatched(), e.getUnmatched(), e.getExcluded(),
                        e.getNewlyFlagged(), e.getAlreadyFlagged()),
                e.getCreatedAt(), e.getDecidedAt(), e.getDecidedBy());
    }
}
