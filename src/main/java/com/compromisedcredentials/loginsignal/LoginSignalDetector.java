package com.compromisedcredentials.loginsignal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.intake.SignalIntake;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.intake.SignalService;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs once per {@code login-signals-detect-interval-seconds} cluster-wide (Keycloak's cluster-aware task runner),
 * each realm in a transaction of its own:
 * <ol>
 * <li>sums the realm's counters per address bucket over its windows and applies {@link AttackRules}: a bucket that
 * meets a rule becomes a detection (or extends the active one), active from the start of its window until a window
 * after it was last seen;</li>
 * <li>acts on every successful login from a bucket during its active detection that nothing has acted on yet, and on
 * every successful login from a listed address: one batch through {@link SignalService} (source
 * {@value #SOURCE}, category suspicious-activity, the window's counts as evidence), so that the realm's blast-radius
 * limit holds a large attack for an admin like any other big batch; or, if the realm chose so, only records them;</li>
 * <li>forgets counts older than the realm's windows, and detections past the retention; every ten minutes also the
 * counts of realms that turned login signals off.</li>
 * </ol>
 */
final class LoginSignalDetector implements ScheduledTask {

    static final String SOURCE = "login-events";
    /** Logins acted on per detection and run; the rest wait for the next run. */
    static final int MAX_LOGINS_PER_RUN = 10_000;
    /** How long a listed-address detection gathers further logins from that address. */
    static final long LISTED_ACTIVE_MILLIS = 3_600_000L;

    private static final Logger LOG = Logger.getLogger(LoginSignalDetector.class);

    /** How often realms with state but login signals off are looked for (a scan of the counters). */
    static final long SWEEP_EVERY_MILLIS = 600_000L;

    private final KeycloakSessionFactory factory;
    private final LoginSignals signals;
    /** When this node last swept for such realms; only this task's thread touches it. */
    private long lastSweep;

    LoginSignalDetector(KeycloakSessionFactory factory, LoginSignals signals) {
        this.factory = factory;
        this.signals = signals;
    }

    @Override
    public String getTaskName() {
        return "compromised-credentials-login-detect";
    }

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTimeMillis();
        Set<String> realms = new LinkedHashSet<>();
        session.realms().getRealmsStream().filter(LoginSignalPolicy::enabled).forEach(realm -> realms.add(realm.getId()));
        if (now - lastSweep >= SWEEP_EVERY_MILLIS) {
            // now and then also the realms that have state but no longer count (turned off, removed): they are emptied
            realms.addAll(session.getProvider(LoginSignalStore.class).realmsWithState());
            lastSweep = now;
        }
        for (String realmId : realms) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> detect(s, realmId));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Login-signal detection in realm %s failed; it is tried again next run", realmId);
            }
        }
        int forgotten = session.getProvider(LoginSignalStore.class).purgeDetections(now - signals.settings().retentionMillis());
        if (forgotten > 0) {
            LOG.debugf("Forgot %d login-signal detections past their retention", forgotten);
        }
        signals.detectionRan(now);
    }

    private void detect(KeycloakSession session, String realmId) {
        LoginSignalStore store = session.getProvider(LoginSignalStore.class);
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            store.removeRealm(realmId);
            return;
        }
        session.getContext().setRealm(realm);
        LoginSignalPolicy policy = LoginSignalPolicy.of(realm);
        if (!policy.enabled()) {
            store.purgeCounters(realmId, Long.MAX_VALUE); // turned off: nothing is counted any more
            return;
        }
        long now = Time.currentTimeMillis();
        long stuffingSince = WindowAggregator.slice(now - policy.stuffingWindowMillis());
        long sprayingSince = WindowAggregator.slice(now - policy.sprayingWindowMillis());

        // one pass over the realm's counters finds the buckets that may meet a rule; their successes are counted after
        for (Map.Entry<String, LoginSignalStore.WindowCounts> bucket : store.candidates(realmId, stuffingSince, sprayingSince,
                policy.stuffingMinUsernames(), policy.sprayingMinAccounts()).entrySet()) {
            LoginSignalStore.WindowCounts c = bucket.getValue();
            AttackRules.Counts all = new AttackRules.Counts(c.usernames(), c.failures(), 0);
            if (all.usernames() >= policy.stuffingMinUsernames()) {
                all = new AttackRules.Counts(c.usernames(), c.failures(), store.successes(realmId, bucket.getKey(), stuffingSince));
                if (AttackRules.stuffing(all, policy)) {
                    seen(store, realm, policy, DetectionKind.CREDENTIAL_STUFFING, bucket.getKey(), stuffingSince,
                            policy.stuffingWindowMillis(), all, now);
                    continue; // the stronger finding
                }
            }
            if (c.knownAccounts() >= policy.sprayingMinAccounts()) {
                AttackRules.Counts known = new AttackRules.Counts(c.knownAccounts(), c.knownFailures(),
                        store.successes(realmId, bucket.getKey(), sprayingSince));
                if (AttackRules.spraying(known, policy)) {
                    seen(store, realm, policy, DetectionKind.PASSWORD_SPRAYING, bucket.getKey(), sprayingSince,
                            policy.sprayingWindowMillis(), known, now);
                }
            }
        }

        for (Detection attack : store.activeAttacks(realmId, now)) {
            List<WindowAggregator.Success> logins = store.unhandledSuccesses(realmId, attack.bucket(), attack.windowStart(), MAX_LOGINS_PER_RUN);
            if (!logins.isEmpty()) {
                long window = attack.kind() == DetectionKind.PASSWORD_SPRAYING ? policy.sprayingWindowMillis() : policy.stuffingWindowMillis();
                act(session, realm, store, attack, logins, policy.flagOnAttack(), now,
                        Evidence.attack(attack, window, distinctUsers(logins).size()));
            }
        }
        List<WindowAggregator.Success> listed = store.unhandledListedSuccesses(realmId, MAX_LOGINS_PER_RUN);
        if (!listed.isEmpty()) {
            actOnListed(session, realm, store, policy, listed, now);
        }
        store.purgeCounters(realmId, Math.min(stuffingSince, sprayingSince));
    }

    /**
     * Records that a bucket meets a rule: a new detection, or the bucket's active one extended. One attack per bucket: a
     * spraying detection that goes on to meet the stuffing rule becomes stuffing (many usernames, existing or not, is
     * the stronger finding); a stuffing detection stays stuffing.
     */
    private void seen(LoginSignalStore store, RealmModel realm, LoginSignalPolicy policy, DetectionKind kind, String bucket,
            long windowStart, long windowMillis, AttackRules.Counts counts, long now) {
        Optional<Detection> active = store.activeAttack(realm.getId(), bucket, now);
        if (active.isPresent()) {
            Detection attack = active.get();
            if (attack.kind() == kind) {
                store.saveDetection(attack.seenAgain(now, now + windowMillis, counts.usernames(), counts.failures()));
            } else if (kind == DetectionKind.CREDENTIAL_STUFFING) {
                store.saveDetection(attack.reclassified(kind, windowStart).seenAgain(now, now + windowMillis, counts.usernames(),
                        counts.failures()));
                LOG.warnf("Realm %s: the %s from %s is credential stuffing: failed logins for %d usernames within %d minutes",
                        realm.getName(), attack.kind().wireName(), bucket, counts.usernames(), windowMillis / 60_000);
            }
            return;
        }
        Detection detection = new Detection(KeycloakModelUtils.generateId(), realm.getId(), kind, bucket, null, null,
                policy.flagOnAttack() ? "flag" : "record", now, windowStart, now, now + windowMillis, counts.usernames(),
                counts.failures(), 0, 0, 0, 0, null);
        store.saveDetection(detection);
        signals.metrics().detected(realm.getName(), kind);
        LOG.warnf("Realm %s: %s detected from %s: failed logins for %d %s (%d failed, %d successful logins) within %d minutes",
                realm.getName(), kind.wireName(), bucket, counts.usernames(),
                kind == DetectionKind.PASSWORD_SPRAYING ? "existing accounts" : "usernames", counts.failures(), counts.successes(),
                windowMillis / 60_000);
    }

    private void actOnListed(KeycloakSession session, RealmModel realm, LoginSignalStore store, LoginSignalPolicy policy,
            List<WindowAggregator.Success> logins, long now) {
        // one detection per listed address, gathering its logins for a while
        Map<String, List<WindowAggregator.Success>> byAddress = new LinkedHashMap<>();
        for (WindowAggregator.Success login : logins) {
            byAddress.computeIfAbsent(login.address(), a -> new ArrayList<>()).add(login);
        }
        String evidence = Evidence.listed(logins);
        Outcome outcome = policy.flagOnListed() ? submit(session, realm, logins, evidence, "listed") : Outcome.recorded(distinctUsers(logins).size());
        store.markHandled(realm.getId(), logins, outcome.label(), now);
        for (Map.Entry<String, List<WindowAggregator.Success>> address : byAddress.entrySet()) {
            WindowAggregator.Success first = address.getValue().get(0);
            Detection detection = store.activeDetection(realm.getId(), DetectionKind.LISTED_ADDRESS, address.getKey(), now).orElse(null);
            if (detection == null) {
                detection = new Detection(KeycloakModelUtils.generateId(), realm.getId(), DetectionKind.LISTED_ADDRESS, address.getKey(),
                        first.listSource(), first.listEntry(), policy.flagOnListed() ? "flag" : "record", now, now, now,
                        now + LISTED_ACTIVE_MILLIS, 0, 0, 0, 0, 0, 0, null);
                signals.metrics().detected(realm.getName(), DetectionKind.LISTED_ADDRESS);
                LOG.warnf("Realm %s: successful login from %s, listed in %s (entry %s)", realm.getName(), address.getKey(),
                        first.listSource(), first.listEntry());
            }
            Set<String> users = distinctUsers(address.getValue());
            long flagged = users.stream().filter(outcome.newlyFlagged()::contains).count();
            store.saveDetection(detection.seenAgain(now, now + LISTED_ACTIVE_MILLIS, detection.usernames(), detection.failures())
                    .acted(logins(address.getValue()), flagged, outcome.held() > 0 ? users.size() : 0,
                            outcome.recorded() > 0 ? users.size() : 0, outcome.batchId()));
        }
        count(realm, DetectionKind.LISTED_ADDRESS, outcome);
    }

    /** Flags (or records) the accounts that logged in from a bucket during its attack. */
    private void act(KeycloakSession session, RealmModel realm, LoginSignalStore store, Detection attack,
            List<WindowAggregator.Success> logins, boolean flag, long now, String evidence) {
        Outcome outcome = flag ? submit(session, realm, logins, evidence, attack.id()) : Outcome.recorded(distinctUsers(logins).size());
        store.markHandled(realm.getId(), logins, outcome.label(), now);
        store.saveDetection(attack.acted(logins(logins), outcome.flagged(), outcome.held(), outcome.recorded(), outcome.batchId()));
        count(realm, attack.kind(), outcome);
        LOG.infof("Realm %s: %d accounts logged in from %s during a %s detection: %s", realm.getName(),
                distinctUsers(logins).size(), attack.bucket(), attack.kind().wireName(), outcome.label());
    }

    /** What came of one batch of logins: accounts newly flagged, held (in a held batch) or only recorded. */
    private record Outcome(String label, Set<String> newlyFlagged, long held, long recorded, String batchId) {
        static Outcome recorded(long accounts) {
            return new Outcome("recorded", Set.of(), 0, accounts, null);
        }

        long flagged() {
            return newlyFlagged.size();
        }
    }

    private Outcome submit(KeycloakSession session, RealmModel realm, List<WindowAggregator.Success> logins, String evidence, String scope) {
        List<Subject> subjects = distinctUsers(logins).stream().map(id -> new Subject(SubjectKind.USER_ID, id)).toList();
        SignalRequest request = new SignalRequest(SOURCE, ReasonCategory.SUSPICIOUS_ACTIVITY, null, evidence, subjects,
                idempotencyKey(scope, logins), false);
        SignalIntake.Result result = new SignalService(session, realm).submit(request, new SignalIntake.Actor(null, SOURCE));
        BatchState state = result.batch().state();
        long newly = result.batch().counts().newlyFlagged();
        String label = state.name().toLowerCase(Locale.ROOT) + " " + result.batch().id();
        return new Outcome(label, Set.copyOf(result.newlyFlaggedUserIds()), state == BatchState.HELD ? newly : 0, 0, result.batch().id());
    }

    private void count(RealmModel realm, DetectionKind kind, Outcome outcome) {
        signals.metrics().flagged(realm.getName(), kind, outcome.flagged());
        signals.metrics().held(realm.getName(), kind, outcome.held());
        signals.metrics().recorded(realm.getName(), kind, outcome.recorded());
    }

    /**
     * The same logins of the same detection make the same key: should two nodes ever act on them at once, the second
     * gets the first's batch back from the intake, and nothing happens twice.
     */
    static String idempotencyKey(String scope, List<WindowAggregator.Success> logins) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            logins.stream().map(s -> s.bucket() + "|" + s.slice() + "|" + s.userId()).sorted()
                    .forEach(k -> digest.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
            return SOURCE + ":" + scope + ":" + HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> distinctUsers(List<WindowAggregator.Success> logins) {
        Set<String> users = new LinkedHashSet<>();
        logins.forEach(s -> users.add(s.userId()));
        return users;
    }

    private static long logins(List<WindowAggregator.Success> logins) {
        return logins.stream().mapToLong(WindowAggregator.Success::count).sum();
    }
}
