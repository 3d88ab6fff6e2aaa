package com.compromisedcredentials.flag.jpa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchCounts;
import com.compromisedcredentials.flag.BatchDraft;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.LeakCheck;
import com.compromisedcredentials.flag.LeakedPassword;
import com.compromisedcredentials.flag.LocalAccount;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.flag.SubjectOutcome;
import com.compromisedcredentials.support.jpa.BulkInsert;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** {@link FlagStore} on Keycloak's own database, through its JPA entity manager and transaction. */
public class JpaFlagStore implements FlagStore {

    private static final Logger LOG = Logger.getLogger(JpaFlagStore.class);

    /** What a SUSPECTED flag records about its email: none goes out unless the leak proves current. */
    static final String SUSPECTED_NOTIFICATION = "skipped: awaiting verification";
    /** The verification of a suspicion the immediate check found current, until the guard lets its batch's matches through. */
    static final String MATCHED = "matched";

    /** Rows flushed to the database at a time when a big batch is changed. */
    private static final int FLUSH_EVERY = 500;
    /** Values in one SQL IN list. */
    private static final int IN_LIST = 500;

    private final EntityManager em;
    private final KeycloakSessionFactory sessionFactory;

    public JpaFlagStore(EntityManager em, KeycloakSessionFactory sessionFactory) {
        this.em = em;
        this.sessionFactory = sessionFactory;
    }

    // ---- flags

    @Override
    public Optional<Flag> findActive(String realmId, String userId) {
        return findOpen(realmId, userId).filter(Flag::isActive);
    }

    @Override
    public Optional<Flag> findOpen(String realmId, String userId) {
        return findActiveEntity(realmId, userId).map(JpaFlagStore::toFlag);
    }

    @Override
    public Map<String, FlagState> openAmong(String realmId, Collection<String> userIds) {
        Map<String, FlagState> open = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(userIds))) {
            for (Object[] row : em.createNamedQuery("cc.flag.openAmong", Object[].class)
                    .setParameter("ids", chunk).getResultList()) {
                if (realmId.equals(row[1])) {
                    open.put((String) row[0], FlagState.valueOf((String) row[2]));
                }
            }
            Set<String> federatedOnly = new HashSet<>(chunk);
            federatedOnly.removeAll(em.createNamedQuery("cc.flag.localUsers", String.class).setParameter("ids", chunk).getResultList());
            for (String userId : federatedOnly) {
                findActiveEntity(realmId, userId).ifPresent(f -> open.put(userId, FlagState.valueOf(f.getState())));
            }
        }
        return open;
    }

    @Override
    public byte[] leakKey(String realmId) {
        CcRealmLockEntity lock = em.find(CcRealmLockEntity.class, realmId);
        if (lock == null) {
            lockRealm(realmId);
            lock = em.find(CcRealmLockEntity.class, realmId);
        }
        if (lock.getLeakKey() == null) {
            lock.setLeakKey(HexFormat.of().formatHex(LeakedPassword.newRealmKey()));
            em.flush();
        }
        return HexFormat.of().parseHex(lock.getLeakKey());
    }

    @Override
    public LeakCheck verifySuspected(String realmId, String userId, LeakedPassword typed, long expiredBefore) {
        Optional<CcFlagEntity> open = lockOpenEntity(realmId, userId, FlagState.SUSPECTED);
        if (open.isEmpty()) {
            return LeakCheck.NOT_SUSPECTED;
        }
        CcFlagEntity flag = open.get();
        LeakCheck outcome;
        if (flag.getCreatedAt() < expiredBefore) {
            outcome = LeakCheck.EXPIRED;
        } else {
            CcRealmLockEntity lock = em.find(CcRealmLockEntity.class, realmId);
            boolean same = lock != null && lock.getLeakKey() != null
                    && typed.matches(HexFormat.of().parseHex(lock.getLeakKey()), flag.getLeakKeyedHash());
            outcome = same ? LeakCheck.CONFIRMED : LeakCheck.DIFFERS;
        }
        if (outcome == LeakCheck.CONFIRMED) {
            flag.setNotification("skipped: confirmed at login");
        }
        settle(flag, outcome, "confirmed at login: the leaked password is the account's current password");
        em.flush();
        return outcome;
    }

    /** Ends a SUSPECTED flag: ACTIVE with {@code confirmation} as evidence, or DISMISSED; its keyed hash is forgotten. */
    private void settle(CcFlagEntity flag, LeakCheck outcome, String confirmation) {
        long now = Time.currentTimeMillis();
        flag.setLeakKeyedHash(null);
        if (outcome == LeakCheck.CONFIRMED) {
            flag.setState(FlagState.ACTIVE.name());
            flag.setVerification("confirmed");
            addVerificationEvidence(flag, confirmation, now);
        } else {
            flag.setState(FlagState.DISMISSED.name());
            flag.setActiveUserId(null);
            flag.setVerification(outcome == LeakCheck.EXPIRED ? "expired" : "differs");
            flag.setResolution(outcome == LeakCheck.EXPIRED ? LeakCheck.EXPIRED_RESOLUTION : LeakCheck.PASSWORD_DIFFERS);
            flag.setDismissedAt(now);
            flag.setDismissedBy(LeakCheck.ACTOR);
        }
    }

    @Override
    public LeakCheck settleSuspected(String realmId, String userId, boolean samePassword) {
        Optional<CcFlagEntity> open = lockOpenEntity(realmId, userId, FlagState.SUSPECTED);
        if (open.isEmpty()) {
            return LeakCheck.NOT_SUSPECTED;
        }
        CcFlagEntity flag = open.get();
        if (!samePassword) {
            settle(flag, LeakCheck.DIFFERS, null);
        } else if (!MATCHED.equals(flag.getVerification())) {
            // still SUSPECTED, keyed hash kept: a login before the guard's verdict confirms it as any suspicion
            flag.setVerification(MATCHED);
            addVerificationEvidence(flag, "found by the immediate check: the leaked password is the account's current password",
                    Time.currentTimeMillis());
        }
        em.flush();
        return samePassword ? LeakCheck.MATCHED : LeakCheck.DIFFERS;
    }

    @Override
    public ExternalCheck checkExternalPassword(String realmId, String userId, LeakedPassword typed) {
        Optional<CcFlagEntity> active = lockOpenEntity(realmId, userId, FlagState.ACTIVE);
        if (active.isEmpty()) {
            return ExternalCheck.NOT_ACTIVE;
        }
        CcFlagEntity flag = active.get();
        byte[] key = leakKey(realmId);
        flag.setEnforcementMode(ENFORCEMENT_EXTERNAL);
        ExternalCheck outcome;
        if (flag.getLeakKeyedHash() == null) {
            flag.setLeakKeyedHash(typed.keyedHash(key));
            outcome = ExternalCheck.RECORDED;
        } else {
            outcome = typed.matches(key, flag.getLeakKeyedHash()) ? ExternalCheck.SAME : ExternalCheck.CHANGED;
        }
        em.flush();
        return outcome;
    }

    @Override
    public void markExternal(String realmId, String flagId) {
        em.createNamedQuery("cc.flag.markExternal").setParameter("realmId", realmId).setParameter("id", flagId).executeUpdate();
    }

    @Override
    public List<String> matchedOfBatch(String realmId, String batchId) {
        return em.createNamedQuery("cc.flag.matchedOfBatch", String.class).setParameter("realmId", realmId)
                .setParameter("batchId", batchId).getResultList();
    }

    @Override
    public int expireSuspected(String realmId, long cutoff) {
        return em.createNamedQuery("cc.flag.expireSuspected").setParameter("realmId", realmId).setParameter("cutoff", cutoff)
                .setParameter("now", Time.currentTimeMillis()).executeUpdate();
    }

    @Override
    public Verifications verifications(String realmId, String batchId) {
        List<Object[]> rows = batchId == null
                ? em.createNamedQuery("cc.flag.verificationOfRealm", Object[].class).setParameter("realmId", realmId).getResultList()
                : em.createNamedQuery("cc.flag.verificationOfBatch", Object[].class).setParameter("batchId", batchId).getResultList();
        long suspected = 0, matched = 0, confirmed = 0, dismissed = 0;
        for (Object[] row : rows) {
            long n = ((Number) row[1]).longValue();
            switch ((String) row[0]) {
                case "pending" -> suspected += n;
                case MATCHED -> {
                    suspected += n;
                    matched += n;
                }
                case "confirmed", "escalated" -> confirmed += n;
                case "differs", "expired" -> dismissed += n;
                default -> { }
            }
        }
        return new Verifications(suspected, matched, confirmed, dismissed);
    }

    @Override
    public Map<Subject, String> heldLeakKeyedHashes(String batchId) {
        Map<Subject, String> hashes = new HashMap<>();
        em.createNamedQuery("cc.subject.withLeak", CcBatchSubjectEntity.class).setParameter("batchId", batchId)
                .getResultStream().forEach(s -> hashes.put(new Subject(SubjectKind.valueOf(s.getKind()), s.getValue()),
                        s.getLeakKeyedHash()));
        return hashes;
    }

    @Override
    public Optional<Flag> findFlag(String realmId, String flagId) {
        CcFlagEntity flag = em.find(CcFlagEntity.class, flagId);
        return flag == null || !flag.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(toFlag(flag));
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
    public Set<String> activeAmong(String realmId, Collection<String> userIds) {
        Set<String> active = new HashSet<>();
        for (List<String> chunk : chunks(new ArrayList<>(userIds))) {
            for (Object[] row : em.createNamedQuery("cc.flag.activeAmong", Object[].class)
                    .setParameter("ids", chunk).getResultList()) {
                if (realmId.equals(row[1])) {
                    active.add((String) row[0]);
                }
            }
            Set<String> federatedOnly = new HashSet<>(chunk);
            federatedOnly.removeAll(em.createNamedQuery("cc.flag.localUsers", String.class).setParameter("ids", chunk).getResultList());
            for (String userId : federatedOnly) {
                findActiveEntity(realmId, userId).ifPresent(f -> active.add(userId));
            }
        }
        return active;
    }

    @Override
    public Set<String> usersWithStoredSessions(String realmId, Collection<String> userIds) {
        Set<String> withSessions = new HashSet<>();
        for (List<String> chunk : chunks(new ArrayList<>(userIds))) {
            withSessions.addAll(em.createQuery("select distinct s.userId from PersistentUserSessionEntity s "
                    + "where s.realmId = :realmId and s.userId in :ids", String.class)
                    .setParameter("realmId", realmId).setParameter("ids", chunk).getResultList());
        }
        return withSessions;
    }

    @Override
    public Map<Subject, LocalAccount> findLocalAccounts(String realmId, Collection<Subject> subjects) {
        Map<Subject, LocalAccount> found = new HashMap<>();
        Map<SubjectKind, List<String>> byKind = new EnumMap<>(SubjectKind.class);
        for (Subject s : subjects) {
            byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s.value());
        }
        byKind.forEach((kind, values) -> {
            String field = switch (kind) {
                case EMAIL -> "u.email";
                case USERNAME -> "u.username";
                case USER_ID -> "u.id";
            };
            // one query per chunk: the account, its open flag and whether it has a password (correlated lookups by
            // the user, on unique or user-leading indexes, whatever the flag table's statistics say). The flag is
            // looked up by the user alone and its realm compared on the row: with the realm in the subquery's
            // condition, PostgreSQL's generic plan (a prepared statement run a few times on a pooled connection)
            // took the (REALM_ID, STATE) index and read all the realm's flags for each user, 0.3-0.9 s a chunk.
            String query = "select u.id, " + field + ", u.serviceAccountClientLink, u.federationLink, u.email, u.emailVerified, "
                    + "(select max(case when f.realmId = u.realmId then f.state end) from CcFlagEntity f where f.activeUserId = u.id), "
                    + "(select count(c) from CredentialEntity c where c.user = u and c.type = :type) "
                    + "from UserEntity u where u.realmId = :realmId and " + field + " in :values";
            for (List<String> chunk : chunks(values)) {
                Map<String, List<Object[]>> byValue = new HashMap<>();
                for (Object[] row : em.createQuery(query, Object[].class).setParameter("realmId", realmId)
                        .setParameter("type", PasswordCredentialModel.TYPE).setParameter("values", chunk).getResultList()) {
                    byValue.computeIfAbsent((String) row[1], v -> new ArrayList<>()).add(row);
                }
                byValue.forEach((value, rows) -> {
                    if (rows.size() == 1) {
                        Object[] row = rows.get(0);
                        boolean passwordless = row[3] == null && ((Number) row[7]).longValue() == 0;
                        found.put(new Subject(kind, value), new LocalAccount((String) row[0], row[2] != null, passwordless,
                                Flag.emailAtFlag((String) row[4], Boolean.TRUE.equals(row[5])),
                                row[6] == null ? null : FlagState.valueOf((String) row[6])));
                    }
                });
            }
        });
        return found;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_LIST) {
            chunks.add(all.subList(i, Math.min(all.size(), i + IN_LIST)));
        }
        return chunks;
    }

    @Override
    public List<Flag> listFlags(String realmId, FlagState state, int first, int max) {
        TypedQuery<CcFlagEntity> query = state == null
                ? em.createNamedQuery("cc.flag.list", CcFlagEntity.class)
                : em.createNamedQuery("cc.flag.listByState", CcFlagEntity.class).setParameter("state", state.name());
        return query.setParameter("realmId", realmId).setFirstResult(first).setMaxResults(max)
                .getResultStream().map(JpaFlagStore::toFlag).toList();
    }

    @Override
    public long countFlagsCreatedSince(String realmId, long sinceMillis) {
        return countFlagsCreatedSince(realmId, sinceMillis, sinceMillis)[1];
    }

    @Override
    public long[] countFlagsCreatedSince(String realmId, long recentSince, long olderSince) {
        Object[] counts;
        if (innoDb()) {
            // MariaDB/MySQL (REPEATABLE READ): a plain read sees the snapshot this transaction took at its first read,
            // perhaps before it waited for the realm lock, without the flags of the intake that held it; a locking read
            // counts every committed flag, so two batches at once cannot pass the limits together
            counts = (Object[]) em.createNativeQuery("SELECT SUM(CASE WHEN CREATED_AT >= ? THEN 1 ELSE 0 END), COUNT(*) FROM "
                    + JpaUtils.getTableNameForNativeQuery("CC_FLAG", em)
                    + " WHERE REALM_ID = ? AND CREATED_AT >= ? AND (VERIFICATION IS NULL OR VERIFICATION IN ('confirmed', 'escalated'))"
                    + " LOCK IN SHARE MODE")
                    .setParameter(1, recentSince).setParameter(2, realmId).setParameter(3, olderSince).getSingleResult();
        } else {
            counts = em.createNamedQuery("cc.flag.countCreatedSinceTwice", Object[].class)
                    .setParameter("realmId", realmId)
                    .setParameter("recent", recentSince)
                    .setParameter("older", olderSince)
                    .getSingleResult();
        }
        // SUM of no rows is NULL
        return new long[] {counts[0] == null ? 0 : ((Number) counts[0]).longValue(), ((Number) counts[1]).longValue()};
    }

    private boolean innoDb() {
        String product = em.unwrap(Session.class).doReturningWork(c -> c.getMetaData().getDatabaseProductName()).toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb");
    }

    @Override
    public Optional<Flag> resolve(String realmId, String userId, String resolution) {
        Optional<CcFlagEntity> active = lockOpenEntity(realmId, userId, FlagState.ACTIVE);
        active.ifPresent(flag -> {
            flag.setState(FlagState.RESOLVED.name());
            flag.setActiveUserId(null);
            flag.setResolvedAt(Time.currentTimeMillis());
            flag.setResolution(resolution);
            flag.setLeakKeyedHash(null); // the password seen at a stopped login, for a password kept elsewhere
            em.flush();
        });
        return active.map(JpaFlagStore::toFlag);
    }

    @Override
    public Optional<Flag> dismiss(String realmId, String userId, String actor) {
        Optional<CcFlagEntity> active = lockActiveEntity(realmId, userId);
        active.ifPresent(flag -> {
            flag.setState(FlagState.DISMISSED.name());
            flag.setActiveUserId(null);
            endSuspicion(flag);
            flag.setDismissedAt(Time.currentTimeMillis());
            flag.setDismissedBy(actor);
            em.flush();
        });
        return active.map(JpaFlagStore::toFlag);
    }

    @Override
    public Stats stats(String realmId) {
        Map<FlagState, Long> byState = new EnumMap<>(FlagState.class);
        Map<String, Map<FlagState, Long>> bySource = new LinkedHashMap<>();
        for (FlagState state : FlagState.values()) {
            byState.put(state, 0L);
        }
        for (Object[] row : em.createNamedQuery("cc.flag.countBySourceAndState", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            FlagState state = FlagState.valueOf((String) row[1]);
            long count = ((Number) row[2]).longValue();
            byState.merge(state, count, Long::sum);
            bySource.computeIfAbsent((String) row[0], s -> new EnumMap<>(FlagState.class)).merge(state, count, Long::sum);
        }
        Map<BatchState, Long> batches = new EnumMap<>(BatchState.class);
        for (BatchState state : BatchState.values()) {
            batches.put(state, 0L);
        }
        for (Object[] row : em.createNamedQuery("cc.batch.countByState", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            batches.put(BatchState.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        return new Stats(byState, bySource, batches);
    }

    // ---- batches

    @Override
    public void lockRealm(String realmId) {
        // the row first, made if missing in a transaction of its own, then the locking read: on MariaDB/MySQL (InnoDB)
        // a locking read of a missing row takes a gap lock that would block that insert until the lock wait times out.
        // A plain read (no lock, nothing kept in the persistence context) finds it present for every batch but a realm's first.
        if (em.createNamedQuery("cc.lock.exists", String.class).setParameter("realmId", realmId).getResultList().isEmpty()) {
            createLockRow(realmId);
        }
        CcRealmLockEntity lock = em.find(CcRealmLockEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) {
            throw new IllegalStateException("Could not create the intake lock of realm " + realmId);
        }
        lock.setLockedAt(Time.currentTimeMillis());
    }

    /** Creates the realm's lock row if it is missing (its first batch), in a transaction of its own; a racing node may win. */
    private void createLockRow(String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                EntityManager own = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                if (own.find(CcRealmLockEntity.class, realmId) == null) {
                    CcRealmLockEntity row = new CcRealmLockEntity();
                    row.setRealmId(realmId);
                    row.setLockedAt(Time.currentTimeMillis());
                    own.persist(row);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("Intake lock row of realm %s created concurrently: %s", realmId, e.getMessage());
        }
    }

    @Override
    public Optional<Batch> findBatch(String realmId, String batchId) {
        return findBatchEntity(realmId, batchId).map(JpaFlagStore::toBatch);
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
    public List<Batch> listBatches(String realmId, BatchState state, int first, int max) {
        TypedQuery<CcBatchEntity> query = state == null
                ? em.createNamedQuery("cc.batch.list", CcBatchEntity.class)
                : em.createNamedQuery("cc.batch.listByState", CcBatchEntity.class).setParameter("state", state.name());
        return query.setParameter("realmId", realmId).setFirstResult(first).setMaxResults(max)
                .getResultStream().map(JpaFlagStore::toBatch).toList();
    }

    @Override
    public Batch storeBatch(String realmId, BatchDraft draft, String enforcementMode, String notification) {
        long now = Time.currentTimeMillis();
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
        batch.setHoldReason(draft.holdReason());
        batch.setReceived(draft.received());
        batch.setCreatedAt(now);
        setCounts(batch, draft.counts());
        em.persist(batch);
        writeSubjects(batch, draft.plan(), draft.state() == BatchState.APPLIED || draft.state() == BatchState.CANARY,
                draft.state() == BatchState.HELD,
                enforcementMode, notification, now);
        return toBatch(batch);
    }

    @Override
    public List<Subject> batchSubjects(String batchId) {
        return em.createNamedQuery("cc.subject.byBatch", CcBatchSubjectEntity.class)
                .setParameter("batchId", batchId)
                .getResultStream()
                .map(s -> new Subject(SubjectKind.valueOf(s.getKind()), s.getValue()))
                .toList();
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
    public Batch applyHeldBatch(String realmId, String batchId, List<PlannedSubject> plan, String enforcementMode,
            String notification, String approver) {
        CcBatchEntity batch = requireState(realmId, batchId, BatchState.HELD);
        long now = Time.currentTimeMillis();
        em.createNamedQuery("cc.subject.deleteByBatch").setParameter("batchId", batchId).executeUpdate();
        BatchCounts counts = BatchDraft.countsOf(batch.getReceived(), plan);
        setCounts(batch, counts);
        batch.setState(counts.staged() > 0 ? BatchState.CANARY.name() : BatchState.APPLIED.name());
        batch.setDecidedAt(now);
        batch.setDecidedBy(approver);
        writeSubjects(batch, plan, true, false, enforcementMode, notification, now);
        return toBatch(batch);
    }

    @Override
    public void markStaged(String batchId, int slice, Long watchUntil) {
        CcBatchEntity batch = em.find(CcBatchEntity.class, batchId);
        batch.setCanarySlice(slice);
        batch.setWatchUntil(watchUntil);
    }

    @Override
    public List<Batch> batchesInState(String realmId, BatchState state) {
        return em.createNamedQuery("cc.batch.inState", CcBatchEntity.class).setParameter("realmId", realmId)
                .setParameter("state", state.name()).getResultStream().map(JpaFlagStore::toBatch).toList();
    }

    @Override
    public List<Subject> stagedSubjects(String batchId) {
        return em.createNamedQuery("cc.subject.byBatchAndOutcome", CcBatchSubjectEntity.class)
                .setParameter("batchId", batchId).setParameter("outcome", SubjectOutcome.STAGED.name())
                .getResultStream().map(s -> new Subject(SubjectKind.valueOf(s.getKind()), s.getValue())).toList();
    }

    @Override
    public Batch applyRest(String realmId, String batchId, List<PlannedSubject> plan, String enforcementMode,
            String notification, String actor) {
        CcBatchEntity batch = requireStaged(realmId, batchId);
        long now = Time.currentTimeMillis();
        em.createNamedQuery("cc.subject.deleteByBatchAndOutcome").setParameter("batchId", batchId)
                .setParameter("outcome", SubjectOutcome.STAGED.name()).executeUpdate();
        BatchCounts rest = BatchDraft.countsOf(0, plan);
        batch.setMatched(batch.getMatched() - rest.unmatched()); // a staged account removed meanwhile matches no more
        batch.setUnmatched(batch.getUnmatched() + rest.unmatched());
        batch.setExcluded(batch.getExcluded() + rest.excluded());
        batch.setExcludedNoPassword(batch.getExcludedNoPassword() + rest.excludedNoPassword());
        batch.setNewlyFlagged(batch.getNewlyFlagged() + rest.newlyFlagged());
        batch.setAlreadyFlagged(batch.getAlreadyFlagged() + rest.alreadyFlagged());
        batch.setSuspected(batch.getSuspected() + rest.suspected());
        batch.setStaged(0);
        batch.setState(BatchState.APPLIED.name());
        batch.setDecidedAt(now);
        batch.setDecidedBy(actor);
        writeSubjects(batch, plan, true, false, enforcementMode, notification, now);
        return toBatch(batch);
    }

    @Override
    public boolean pauseCanary(String realmId, String batchId, String reason) {
        Optional<CcBatchEntity> batch = findBatchEntity(realmId, batchId);
        if (batch.isEmpty() || !BatchState.CANARY.name().equals(batch.get().getState())) {
            return false;
        }
        em.lock(batch.get(), LockModeType.PESSIMISTIC_WRITE);
        em.refresh(batch.get());
        if (!BatchState.CANARY.name().equals(batch.get().getState())) {
            return false;
        }
        batch.get().setState(BatchState.PAUSED.name());
        batch.get().setPauseReason(reason.length() > 500 ? reason.substring(0, 500) : reason);
        return true;
    }

    @Override
    public Batch dropRest(String realmId, String batchId, String actor) {
        CcBatchEntity batch = requireStaged(realmId, batchId);
        batch.setRestDropped(batch.getRestDropped() + batch.getStaged());
        batch.setStaged(0);
        batch.setState(BatchState.APPLIED.name());
        batch.setDecidedAt(Time.currentTimeMillis());
        batch.setDecidedBy(actor);
        em.createNamedQuery("cc.subject.dropStaged").setParameter("batchId", batchId).executeUpdate();
        return toBatch(batch);
    }

    @Override
    public CanaryHealth canaryHealth(String batchId) {
        Object[] row = em.createNamedQuery("cc.flag.canaryHealth", Object[].class).setParameter("batchId", batchId).getSingleResult();
        return new CanaryHealth(number(row[0]), number(row[1]), number(row[2]), number(row[3]), number(row[4]), number(row[5]));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A CANARY or PAUSED batch, locked: two admins (or an admin and the watch) never both decide its rest. */
    private CcBatchEntity requireStaged(String realmId, String batchId) {
        CcBatchEntity batch = findBatchEntity(realmId, batchId)
                .orElseThrow(() -> new IllegalArgumentException("No batch " + batchId + " in realm " + realmId));
        em.lock(batch, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(batch);
        if (!BatchState.CANARY.name().equals(batch.getState()) && !BatchState.PAUSED.name().equals(batch.getState())) {
            throw new IllegalStateException("Batch " + batchId + " is " + batch.getState() + ", not CANARY or PAUSED");
        }
        return batch;
    }

    @Override
    public Batch rejectHeldBatch(String realmId, String batchId, String actor) {
        CcBatchEntity batch = requireState(realmId, batchId, BatchState.HELD);
        em.createNamedQuery("cc.subject.forgetLeaks").setParameter("batchId", batchId).executeUpdate();
        batch.setState(BatchState.REJECTED.name());
        batch.setDecidedAt(Time.currentTimeMillis());
        batch.setDecidedBy(actor);
        em.flush();
        return toBatch(batch);
    }

    @Override
    public List<Flag> revertBatch(String realmId, String batchId, String actor) {
        CcBatchEntity batch = findBatchEntity(realmId, batchId).filter(b -> !BatchState.APPLIED.name().equals(b.getState()))
                .isPresent() ? requireStaged(realmId, batchId) : requireState(realmId, batchId, BatchState.APPLIED);
        if (batch.getStaged() > 0) { // a staged batch's slice reverted: its rest is never applied
            batch.setRestDropped(batch.getRestDropped() + batch.getStaged());
            batch.setStaged(0);
            em.createNamedQuery("cc.subject.dropStaged").setParameter("batchId", batchId).executeUpdate();
        }
        long now = Time.currentTimeMillis();
        List<CcFlagEntity> active = em.createNamedQuery("cc.flag.activeOfBatch", CcFlagEntity.class)
                .setParameter("batchId", batchId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        List<Flag> before = active.stream().map(JpaFlagStore::toFlag).toList();
        int n = 0;
        for (CcFlagEntity flag : active) {
            flag.setState(FlagState.REVERTED.name());
            flag.setActiveUserId(null);
            endSuspicion(flag);
            flag.setRevertedAt(now);
            flag.setRevertedBy(actor);
            if (++n % FLUSH_EVERY == 0) {
                em.flush();
            }
        }
        batch.setState(BatchState.REVERTED.name());
        batch.setRevertedAt(now);
        batch.setRevertedBy(actor);
        em.flush();
        return before;
    }

    @Override
    public List<String> usersWithOpenFlags(String realmId, String batchId) {
        return em.createNamedQuery("cc.flag.openUsersOfBatch", String.class).setParameter("realmId", realmId)
                .setParameter("batchId", batchId).getResultList();
    }

    @Override
    public boolean claimStepUpCode(String flagId, long now, int perHour) {
        return em.createNamedQuery("cc.flag.claimCode").setParameter("id", flagId).setParameter("now", now)
                .setParameter("windowStart", now - 3_600_000L).setParameter("max", perHour).executeUpdate() == 1;
    }

    @Override
    public int countWrongCode(String flagId) {
        em.createNamedQuery("cc.flag.countWrongCode").setParameter("id", flagId).executeUpdate();
        return wrongCodes(flagId);
    }

    @Override
    public int wrongCodes(String flagId) {
        return em.createNamedQuery("cc.flag.wrongCodes", Integer.class).setParameter("id", flagId)
                .getResultStream().findFirst().orElse(0);
    }

    @Override
    public boolean claimResetLink(String flagId, long now, long everyMillis) {
        return em.createNamedQuery("cc.flag.claimLink").setParameter("id", flagId).setParameter("now", now)
                .setParameter("cutoff", now - everyMillis).executeUpdate() == 1;
    }

    @Override
    public boolean claimHeldNotice(String realmId, long now, long everyMillis) {
        CcRealmLockEntity lock = em.find(CcRealmLockEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) { // not after an intake of this transaction, which made the row and holds its lock
            lockRealm(realmId);
            lock = em.find(CcRealmLockEntity.class, realmId);
        }
        if (lock.getHeldNoticeAt() != null && lock.getHeldNoticeAt() > now - everyMillis) {
            return false;
        }
        lock.setHeldNoticeAt(now);
        return true;
    }

    @Override
    public DigestClaim claimDigest(String realmId, long periodEnd) {
        List<Long> claimed = em.createNamedQuery("cc.lock.digestPeriodEnd", Long.class).setParameter("realmId", realmId)
                .getResultList();
        if (!claimed.isEmpty() && claimed.get(0) != null && claimed.get(0) >= periodEnd) {
            return DigestClaim.TAKEN; // the usual case, every run but one per period: no lock taken
        }
        lockRealm(realmId);
        CcRealmLockEntity lock = em.find(CcRealmLockEntity.class, realmId);
        Long last = lock.getDigestPeriodEnd();
        if (last != null && last >= periodEnd) {
            return DigestClaim.TAKEN;
        }
        lock.setDigestPeriodEnd(periodEnd);
        return last == null ? DigestClaim.FIRST : DigestClaim.CLAIMED;
    }

    @Override
    public void releaseDigest(String realmId, long periodEnd) {
        // one less than the period's end: the next claim of that period succeeds, and the realm is not "new" again
        em.createNamedQuery("cc.lock.releaseDigest").setParameter("realmId", realmId).setParameter("end", periodEnd)
                .setParameter("before", periodEnd - 1).executeUpdate();
    }

    @Override
    public DigestCounts digestCounts(String realmId, long from, long to) {
        List<SourceReasonCount> created = new ArrayList<>();
        for (Object[] row : em.createNamedQuery("cc.flag.digestNew", Object[].class).setParameter("realmId", realmId)
                .setParameter("from", from).setParameter("to", to).getResultList()) {
            created.add(new SourceReasonCount((String) row[0], (String) row[1], ((Number) row[2]).longValue()));
        }
        return new DigestCounts(created, count("cc.flag.digestResolved", realmId, from, to),
                count("cc.flag.digestDismissed", realmId, from, to), count("cc.flag.digestNotTold", realmId, from, to),
                em.createNamedQuery("cc.batch.countInState", Long.class).setParameter("realmId", realmId)
                        .setParameter("state", BatchState.HELD.name()).getSingleResult());
    }

    private long count(String query, String realmId, long from, long to) {
        return em.createNamedQuery(query, Long.class).setParameter("realmId", realmId).setParameter("from", from)
                .setParameter("to", to).getSingleResult();
    }

    @Override
    public void setPasswordlessSignedOut(String batchId, int count) {
        CcBatchEntity batch = em.find(CcBatchEntity.class, batchId);
        if (batch != null) {
            batch.setPasswordlessSignedOut(count);
        }
    }

    @Override
    public void setNotification(String flagId, String notification) {
        // one column, not the entity: the email went out while the owner may have resolved the flag meanwhile, and
        // writing back a copy read before the send would make it ACTIVE again
        em.createNamedQuery("cc.flag.setNotification").setParameter("id", flagId).setParameter("notification", notification)
                .executeUpdate();
    }

    // ---- housekeeping

    @Override
    public void removeRealm(String realmId) {
        for (String query : List.of("cc.evidence.deleteByRealm", "cc.flag.deleteByRealm", "cc.subject.deleteByRealm",
                "cc.batch.deleteByRealm", "cc.lock.deleteByRealm")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).executeUpdate();
        }
    }

    @Override
    public void removeUser(String realmId, String userId) {
        for (String query : List.of("cc.evidence.deleteByUser", "cc.flag.deleteByUser")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        }
    }

    // ---- helpers

    /** @param keepLeaks whether the subjects keep the keyed hashes of their leaked passwords (a HELD batch, to be planned again) */
    private void writeSubjects(CcBatchEntity batch, List<PlannedSubject> plan, boolean apply, boolean keepLeaks,
            String enforcementMode, String notification, long now) {
        String actor = batch.getActorName() != null ? batch.getActorName() : batch.getSource();
        List<Object[]> subjects = new ArrayList<>(plan.size());
        List<Object[]> flags = new ArrayList<>();
        List<String> alreadyFlagged = new ArrayList<>();
        List<String> escalated = new ArrayList<>();
        int seq = 0;
        for (PlannedSubject planned : plan) {
            String keptLeak = (keepLeaks || planned.outcome() == SubjectOutcome.STAGED) && planned.userId() != null
                    ? planned.leakKeyedHash() : null;
            subjects.add(new Object[] {KeycloakModelUtils.generateId(), batch.getRealmId(), batch.getId(), seq++,
                    planned.subject().kind().name(), planned.subject().value(), planned.userId(), planned.outcome().name(), keptLeak});
            if (apply && planned.outcome() == SubjectOutcome.NEWLY_FLAGGED) {
                flags.add(new Object[] {KeycloakModelUtils.generateId(), batch.getRealmId(), planned.userId(), planned.userId(),
                        batch.getId(), batch.getSource(), batch.getReason(), batch.getUserMessage(), batch.getEvidence(), actor,
                        enforcementMode, FlagState.ACTIVE.name(), now, notification, null, null, planned.emailAtFlag()});
            } else if (apply && planned.outcome() == SubjectOutcome.NEWLY_SUSPECTED) {
                flags.add(new Object[] {KeycloakModelUtils.generateId(), batch.getRealmId(), planned.userId(), planned.userId(),
                        batch.getId(), batch.getSource(), batch.getReason(), batch.getUserMessage(), batch.getEvidence(), actor,
                        enforcementMode, FlagState.SUSPECTED.name(), now, SUSPECTED_NOTIFICATION, planned.leakKeyedHash(), "pending",
                        planned.emailAtFlag()});
            } else if (apply && planned.outcome() == SubjectOutcome.ALREADY_FLAGGED) {
                alreadyFlagged.add(planned.userId());
            } else if (apply && planned.outcome() == SubjectOutcome.ESCALATED) {
                escalated.add(planned.userId());
                alreadyFlagged.add(planned.userId());
            }
        }
        BulkInsert.rows(em, "CC_BATCH_SUBJECT",
                List.of("ID", "REALM_ID", "BATCH_ID", "SEQ", "KIND", "SUBJECT_VALUE", "USER_ID", "OUTCOME", "LEAK_HASH"), subjects);
        BulkInsert.rows(em, "CC_FLAG", List.of("ID", "REALM_ID", "USER_ID", "ACTIVE_USER_ID", "BATCH_ID", "SOURCE", "REASON",
                "USER_MESSAGE", "EVIDENCE", "CREATED_BY", "ENFORCEMENT_MODE", "STATE", "CREATED_AT", "NOTIFICATION", "LEAK_HASH",
                "VERIFICATION", "EMAIL_AT_FLAG"), flags);
        for (String userId : escalated) {
            lockActiveEntity(batch.getRealmId(), userId).filter(f -> FlagState.SUSPECTED.name().equals(f.getState())).ifPresent(f -> {
                f.setState(FlagState.ACTIVE.name());
                f.setVerification("escalated");
                f.setLeakKeyedHash(null);
                f.setNotification(notification);
            });
        }
        if (!escalated.isEmpty()) {
            em.flush();
        }
        Map<String, String> activeFlagIds = new HashMap<>();
        for (List<String> chunk : chunks(alreadyFlagged)) {
            for (Object[] row : em.createNamedQuery("cc.flag.activeIdsOf", Object[].class)
                    .setParameter("ids", chunk).getResultList()) {
                if (batch.getRealmId().equals(row[2])) {
                    activeFlagIds.put((String) row[1], (String) row[0]);
                }
            }
        }
        for (String userId : alreadyFlagged) {
            if (!activeFlagIds.containsKey(userId)) { // a user only in federated storage
                findActiveEntity(batch.getRealmId(), userId).ifPresent(f -> activeFlagIds.put(userId, f.getId()));
            }
        }
        List<Object[]> evidence = new ArrayList<>();
        activeFlagIds.values().forEach(flagId -> evidence.add(new Object[] {KeycloakModelUtils.generateId(), batch.getRealmId(),
                flagId, batch.getId(), batch.getSource(), batch.getReason(), batch.getEvidence(), actor, now}));
        BulkInsert.rows(em, "CC_FLAG_EVIDENCE", List.of("ID", "REALM_ID", "FLAG_ID", "BATCH_ID", "SOURCE", "REASON", "EVIDENCE",
                "CREATED_BY", "CREATED_AT"), evidence);
    }

    private CcBatchEntity requireState(String realmId, String batchId, BatchState expected) {
        CcBatchEntity batch = findBatchEntity(realmId, batchId)
                .orElseThrow(() -> new IllegalArgumentException("No batch " + batchId + " in realm " + realmId));
        if (!expected.name().equals(batch.getState())) {
            throw new IllegalStateException("Batch " + batchId + " is " + batch.getState() + ", not " + expected);
        }
        return batch;
    }

    private Optional<CcBatchEntity> findBatchEntity(String realmId, String batchId) {
        CcBatchEntity entity = em.find(CcBatchEntity.class, batchId);
        return entity == null || !entity.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(entity);
    }

    /** The active flag, its row locked: a flag resolved or dismissed meanwhile by another transaction is not found. */
    private Optional<CcFlagEntity> lockActiveEntity(String realmId, String userId) {
        return em.createNamedQuery("cc.flag.active", CcFlagEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    private Optional<CcFlagEntity> findActiveEntity(String realmId, String userId) {
        return em.createNamedQuery("cc.flag.active", CcFlagEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultStream()
                .findFirst();
    }

    /** One evidence row on {@code flag} by the leak verification, saying what it found. */
    private void addVerificationEvidence(CcFlagEntity flag, String finding, long now) {
        BulkInsert.rows(em, "CC_FLAG_EVIDENCE", List.of("ID", "REALM_ID", "FLAG_ID", "BATCH_ID", "SOURCE", "REASON", "EVIDENCE",
                "CREATED_BY", "CREATED_AT"), List.<Object[]>of(new Object[] {KeycloakModelUtils.generateId(), flag.getRealmId(),
                flag.getId(), flag.getBatchId(), LeakCheck.ACTOR, flag.getReason(), finding, LeakCheck.ACTOR, now}));
    }

    /** The user's open flag, locked, if it is in {@code state}. */
    private Optional<CcFlagEntity> lockOpenEntity(String realmId, String userId, FlagState state) {
        return lockActiveEntity(realmId, userId).filter(f -> state.name().equals(f.getState()));
    }

    /** An admin ended the flag: a suspicion it was forgets its leaked password and counts as neither confirmed nor dismissed. */
    private static void endSuspicion(CcFlagEntity flag) {
        flag.setLeakKeyedHash(null);
        if ("pending".equals(flag.getVerification()) || MATCHED.equals(flag.getVerification())) {
            flag.setVerification("ended");
        }
    }

    private static void setCounts(CcBatchEntity batch, BatchCounts counts) {
        batch.setSuspected(counts.suspected());
        batch.setWithPassword(counts.withPassword());
        batch.setReceived(counts.received());
        batch.setMatched(counts.matched());
        batch.setUnmatched(counts.unmatched());
        batch.setExcluded(counts.excluded());
        batch.setNewlyFlagged(counts.newlyFlagged());
        batch.setAlreadyFlagged(counts.alreadyFlagged());
        batch.setExcludedNoPassword(counts.excludedNoPassword());
        batch.setStaged(counts.staged());
    }

    static Flag toFlag(CcFlagEntity e) {
        return new Flag(e.getId(), e.getRealmId(), e.getUserId(), e.getBatchId(), e.getSource(),
                ReasonCategory.fromWireName(e.getReason()).orElse(ReasonCategory.ADMIN), e.getUserMessage(),
                e.getEvidence(), e.getCreatedBy(), e.getEnforcementMode(), FlagState.valueOf(e.getState()),
                e.getCreatedAt(), e.getResolvedAt(), e.getResolution(), e.getDismissedAt(), e.getDismissedBy(),
                e.getRevertedAt(), e.getRevertedBy(), e.getNotification(), e.getEmailAtFlag());
    }

    static Batch toBatch(CcBatchEntity e) {
        return new Batch(e.getId(), e.getRealmId(), BatchState.valueOf(e.getState()), e.getSource(),
                ReasonCategory.fromWireName(e.getReason()).orElse(ReasonCategory.ADMIN), e.getUserMessage(),
                e.getEvidence(), e.getActorId(), e.getActorName(), e.getIdempotencyKey(), e.getHoldReason(),
                new BatchCounts(e.getReceived(), e.getMatched(), e.getUnmatched(), e.getExcluded(),
                        e.getNewlyFlagged(), e.getAlreadyFlagged(), e.getExcludedNoPassword(), e.getSuspected(),
                        e.getWithPassword(), e.getPasswordlessSignedOut(), e.getStaged()),
                e.getCreatedAt(), e.getDecidedAt(), e.getDecidedBy(), e.getRevertedAt(), e.getRevertedBy(),
                e.getCanarySlice() == 0 ? null
                        : new Batch.Canary(e.getCanarySlice(), e.getWatchUntil(), e.getPauseReason(), e.getRestDropped()));
    }
}
