package com.compromisedcredentials.loginsignal.jpa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.compromisedcredentials.loginsignal.Detection;
import com.compromisedcredentials.loginsignal.DetectionKind;
import com.compromisedcredentials.support.net.ListSource;
import com.compromisedcredentials.loginsignal.LoginSignalStore;
import com.compromisedcredentials.loginsignal.WindowAggregator;
import jakarta.persistence.EntityManager;

/** {@link LoginSignalStore} on Keycloak's database, in the session's entity manager and transaction (the one the flag store uses). */
public class JpaLoginSignalStore implements LoginSignalStore {

    /** Buckets per IN list: well under every database's limit on bind parameters. */
    private static final int IN_CHUNK = 500;
    private static final int MAX_ERROR = 500;

    private final EntityManager em;

    public JpaLoginSignalStore(EntityManager em) {
        this.em = em;
    }

    // ---- counters

    @Override
    public void addFailures(String realmId, Collection<WindowAggregator.Failure> failures) {
        new LoginCounterUpserts(em).failures(realmId, failures);
    }

    @Override
    public void addSuccesses(String realmId, Collection<WindowAggregator.Success> successes) {
        new LoginCounterUpserts(em).successes(realmId, successes);
    }

    @Override
    public Set<String> bucketsWithFailures(String realmId, Collection<String> buckets, long sinceSlice) {
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(new HashSet<>(buckets));
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            found.addAll(em.createNamedQuery("cc.loginFailure.bucketsWithFailures", String.class)
                    .setParameter("realmId", realmId)
                    .setParameter("since", sinceSlice)
                    .setParameter("buckets", all.subList(i, Math.min(all.size(), i + IN_CHUNK)))
                    .getResultList());
        }
        return found;
    }

    // ---- detection

    @Override
    public Set<String> realmsWithState() {
        Set<String> realms = new HashSet<>(em.createNamedQuery("cc.loginFailure.realms", String.class).getResultList());
        realms.addAll(em.createNamedQuery("cc.loginSuccess.realms", String.class).getResultList());
        realms.addAll(em.createNamedQuery("cc.addressList.realms", String.class).getResultList());
        return realms;
    }

    @Override
    public Map<String, WindowCounts> candidates(String realmId, long stuffingSince, long sprayingSince, long minUsernames, long minAccounts) {
        Map<String, WindowCounts> counts = new LinkedHashMap<>();
        for (Object[] row : em.createNamedQuery("cc.loginFailure.candidates", Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("since", Math.min(stuffingSince, sprayingSince))
                .setParameter("stuffingSince", stuffingSince)
                .setParameter("sprayingSince", sprayingSince)
                .setParameter("minUsernames", minUsernames)
                .setParameter("minAccounts", minAccounts)
                .getResultList()) {
            counts.put((String) row[0], new WindowCounts(number(row[1]), number(row[2]), number(row[3]), number(row[4])));
        }
        return counts;
    }

    @Override
    public long successes(String realmId, String bucket, long sinceSlice) {
        return ((Number) em.createNamedQuery("cc.loginSuccess.countInBucket")
                .setParameter("realmId", realmId)
                .setParameter("bucket", bucket)
                .setParameter("since", sinceSlice)
                .getSingleResult()).longValue();
    }

    @Override
    public List<WindowAggregator.Success> unhandledSuccesses(String realmId, String bucket, long sinceSlice, int max) {
        return em.createNamedQuery("cc.loginSuccess.unhandledInBucket", CcLoginSuccessEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("bucket", bucket)
                .setParameter("since", sinceSlice)
                .setMaxResults(max)
                .getResultStream().map(JpaLoginSignalStore::toSuccess).toList();
    }

    @Override
    public List<WindowAggregator.Success> unhandledListedSuccesses(String realmId, int max) {
        return em.createNamedQuery("cc.loginSuccess.unhandledListed", CcLoginSuccessEntity.class)
                .setParameter("realmId", realmId)
                .setMaxResults(max)
                .getResultStream().map(JpaLoginSignalStore::toSuccess).toList();
    }

    @Override
    public void markHandled(String realmId, Collection<WindowAggregator.Success> successes, String outcome, long at) {
        for (WindowAggregator.Success s : successes) {
            CcLoginSuccessEntity row = em.find(CcLoginSuccessEntity.class,
                    new CcLoginSuccessEntity.Key(realmId, s.bucket(), s.slice(), s.userId()));
            if (row != null && row.getHandledAt() == null) {
                row.setHandledAt(at);
                row.setOutcome(outcome.length() > 64 ? outcome.substring(0, 64) : outcome);
            }
        }
        em.flush();
    }

    @Override
    public Optional<Detection> activeDetection(String realmId, DetectionKind kind, String bucket, long now) {
        return em.createNamedQuery("cc.loginDetection.active", CcLoginDetectionEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("kind", kind.wireName())
                .setParameter("bucket", bucket)
                .setParameter("now", now)
                .setMaxResults(1)
                .getResultStream().findFirst().map(JpaLoginSignalStore::toDetection);
    }

    @Override
    public Optional<Detection> activeAttack(String realmId, String bucket, long now) {
        return em.createNamedQuery("cc.loginDetection.activeAttackInBucket", CcLoginDetectionEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("listed", DetectionKind.LISTED_ADDRESS.wireName())
                .setParameter("bucket", bucket)
                .setParameter("now", now)
                .setMaxResults(1)
                .getResultStream().findFirst().map(JpaLoginSignalStore::toDetection);
    }

    @Override
    public List<Detection> activeAttacks(String realmId, long now) {
        return em.createNamedQuery("cc.loginDetection.activeAttacks", CcLoginDetectionEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("listed", DetectionKind.LISTED_ADDRESS.wireName())
                .setParameter("now", now)
                .getResultStream().map(JpaLoginSignalStore::toDetection).toList();
    }

    @Override
    public void saveDetection(Detection d) {
        CcLoginDetectionEntity row = em.find(CcLoginDetectionEntity.class, d.id());
        boolean fresh = row == null;
        if (fresh) {
            row = new CcLoginDetectionEntity();
            row.setId(d.id());
        }
        row.setRealmId(d.realmId());
        row.setKind(d.kind().wireName());
        row.setBucket(d.bucket());
        row.setListSource(d.listSource());
        row.setListEntry(d.listEntry());
        row.setOnSuccess(d.onSuccess());
        row.setDetectedAt(d.detectedAt());
        row.setWindowStart(d.windowStart());
        row.setLastSeenAt(d.lastSeenAt());
        row.setActiveUntil(d.activeUntil());
        row.setUsernames(d.usernames());
        row.setFailures(d.failures());
        row.setSuccesses(d.successes());
        row.setFlagged(d.flagged());
        row.setHeld(d.held());
        row.setRecorded(d.recorded());
        row.setLastBatchId(d.lastBatchId());
        if (fresh) {
            em.persist(row);
        }
        em.flush();
    }

    @Override
    public List<Detection> listDetections(String realmId, int first, int max) {
        return em.createNamedQuery("cc.loginDetection.list", CcLoginDetectionEntity.class)
                .setParameter("realmId", realmId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultStream().map(JpaLoginSignalStore::toDetection).toList();
    }

    @Override
    public Summary summary(String realmId, long now, long windowStartSlice) {
        Map<DetectionKind, KindSummary> byKind = new EnumMap<>(DetectionKind.class);
        for (DetectionKind kind : DetectionKind.values()) {
            byKind.put(kind, new KindSummary(0, 0, 0, 0, 0));
        }
        for (Object[] row : em.createNamedQuery("cc.loginDetection.summary", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            DetectionKind.fromWireName((String) row[0]).ifPresent(kind -> byKind.put(kind, new KindSummary(
                    number(row[1]), number(row[2]), number(row[3]), number(row[4]), number(row[5]))));
        }
        long active = number(em.createNamedQuery("cc.loginDetection.countActive")
                .setParameter("realmId", realmId).setParameter("now", now).getSingleResult());
        Object[] window = (Object[]) em.createNamedQuery("cc.loginFailure.summary")
                .setParameter("realmId", realmId).setParameter("since", windowStartSlice).getSingleResult();
        return new Summary(byKind, active, number(window[0]), number(window[1]));
    }

    @Override
    public void purgeCounters(String realmId, long beforeSlice) {
        em.createNamedQuery("cc.loginFailure.deleteBefore").setParameter("realmId", realmId).setParameter("before", beforeSlice).executeUpdate();
        em.createNamedQuery("cc.loginSuccess.deleteBefore").setParameter("realmId", realmId).setParameter("before", beforeSlice).executeUpdate();
    }

    @Override
    public int purgeDetections(long before) {
        return em.createNamedQuery("cc.loginDetection.deleteBefore").setParameter("before", before).executeUpdate();
    }

    // ---- address lists

    @Override
    public List<StoredList> lists(String realmId) {
        return em.createNamedQuery("cc.addressList.byRealm", CcAddressListEntity.class)
                .setParameter("realmId", realmId)
                .getResultStream()
                .map(l -> new StoredList(l.getSourceHash(), l.getSource(), l.getEntries(), l.getInvalid(), l.getFetchedAt(),
                        l.getLastAttemptAt(), l.getLastError()))
                .toList();
    }

    @Override
    public Map<String, Long> listVersions(String realmId) {
        Map<String, Long> versions = new HashMap<>();
        for (Object[] row : em.createNamedQuery("cc.addressList.versions", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            versions.put((String) row[0], row[1] == null ? null : ((Number) row[1]).longValue());
        }
        return versions;
    }

    @Override
    public Optional<String> listContent(String realmId, String sourceHash) {
        CcAddressListEntity row = em.find(CcAddressListEntity.class, new CcAddressListEntity.Key(realmId, sourceHash));
        return row == null || row.getContent() == null ? Optional.empty() : Optional.of(row.getContent());
    }

    @Override
    public void listFetched(String realmId, ListSource source, String content, int entries, int invalid, long at) {
        CcAddressListEntity row = listRow(realmId, source, at);
        row.setContent(content);
        row.setEntries(entries);
        row.setInvalid(invalid);
        row.setFetchedAt(at);
        row.setLastError(null);
        em.flush();
    }

    @Override
    public void listFailed(String realmId, ListSource source, String error, long at) {
        CcAddressListEntity row = listRow(realmId, source, at);
        row.setLastError(error == null ? "failed" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
        em.flush();
    }

    private CcAddressListEntity listRow(String realmId, ListSource source, long at) {
        CcAddressListEntity row = em.find(CcAddressListEntity.class, new CcAddressListEntity.Key(realmId, source.hash()));
        if (row == null) {
            row = new CcAddressListEntity();
            row.setRealmId(realmId);
            row.setSourceHash(source.hash());
            row.setSource(source.display().length() > 1000 ? source.display().substring(0, 1000) : source.display());
            em.persist(row);
        }
        row.setLastAttemptAt(at);
        return row;
    }

    @Override
    public void removeList(String realmId, String sourceHash) {
        CcAddressListEntity row = em.find(CcAddressListEntity.class, new CcAddressListEntity.Key(realmId, sourceHash));
        if (row != null) {
            em.remove(row);
        }
    }

    // ---- housekeeping

    @Override
    public void removeRealm(String realmId) {
        for (String query : List.of("cc.loginFailure.deleteByRealm", "cc.loginSuccess.deleteByRealm", "cc.loginDetection.deleteByRealm",
                "cc.addressList.deleteByRealm")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).executeUpdate();
        }
    }

    @Override
    public void removeUser(String realmId, String userId) {
        em.createNamedQuery("cc.loginSuccess.deleteByUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static WindowAggregator.Success toSuccess(CcLoginSuccessEntity s) {
        return new WindowAggregator.Success(s.getBucket(), s.getSliceStart(), s.getUserId(), s.getLogins(), s.getAddress(),
                s.getListSource(), s.getListEntry());
    }

    private static Detection toDetection(CcLoginDetectionEntity d) {
        return new Detection(d.getId(), d.getRealmId(), DetectionKind.fromWireName(d.getKind()).orElse(DetectionKind.CREDENTIAL_STUFFING),
                d.getBucket(), d.getListSource(), d.getListEntry(), d.getOnSuccess(), d.getDetectedAt(), d.getWindowStart(),
                d.getLastSeenAt(), d.getActiveUntil(), d.getUsernames(), d.getFailures(), d.getSuccesses(), d.getFlagged(),
                d.getHeld(), d.getRecorded(), d.getLastBatchId());
    }
}
