package com.compromisedcredentials.loginsignal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.compromisedcredentials.support.net.ListSource;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Refreshes the realms' threat-intel address lists, once per interval cluster-wide (Keycloak's cluster-aware task
 * runner): a list is read again when {@code login-signals-list-refresh-seconds} have passed since the last attempt
 * (after a failure, at most five minutes later), each source once per run however many realms name it. A good read
 * replaces the stored copy, which every node then compiles; a failed one is recorded and the last good copy stays in
 * force. Lists a realm no longer names are deleted. Downloads happen outside any database transaction. A list whose
 * entries would take all realms' stored lists past the server's cap ({@code login-signals-max-total-entries}) is not
 * stored: it is recorded as failing with that reason, so every node's memory stays within the cap.
 */
final class AddressListRefresher implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(AddressListRefresher.class);
    private static final long RETRY_AFTER_FAILURE_MILLIS = 300_000L;

    private record Due(String realmId, String realmName, ListSource source, LoginSignalStore.StoredList before) {
    }

    private final KeycloakSessionFactory factory;
    private final LoginSignals signals;

    AddressListRefresher(KeycloakSessionFactory factory, LoginSignals signals) {
        this.factory = factory;
        this.signals = signals;
    }

    @Override
    public String getTaskName() {
        return "compromised-credentials-address-lists";
    }

    @Override
    public void run(KeycloakSession session) {
        long now = Time.currentTimeMillis();
        List<Due> due = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> due(s, now));
        if (due.isEmpty()) {
            return;
        }
        LoginSignals.Settings settings = signals.settings();
        AddressListFetcher fetcher = new AddressListFetcher(signals.http(session), settings.listTimeout(), settings.listMaxBytes(),
                settings.listMaxEntries(), settings.listDirectory());
        // one source at a time, read outside any transaction and stored at once: memory holds one list, however many
        // realms and lists there are
        Map<ListSource, List<Due>> bySource = new LinkedHashMap<>();
        due.forEach(d -> bySource.computeIfAbsent(d.source(), k -> new ArrayList<>()).add(d));
        bySource.forEach((source, realms) -> {
            Object result;
            try {
                result = fetcher.fetch(source);
            } catch (AddressListFetcher.Unavailable e) {
                result = e;
            }
            Object read = result;
            KeycloakModelUtils.runJobInTransaction(factory, s -> store(s, realms, read, settings.maxTotalEntries()));
        });
    }

    /** Stores one source's result for every realm that names it, within the server's cap of stored entries. */
    private static void store(KeycloakSession session, List<Due> realms, Object read, long maxTotalEntries) {
        LoginSignalStore store = session.getProvider(LoginSignalStore.class);
        long at = Time.currentTimeMillis();
        long stored = session.realms().getRealmsStream()
                .mapToLong(realm -> store.lists(realm.getId()).stream().mapToLong(LoginSignalStore.StoredList::entries).sum()).sum();
        for (Due d : realms) {
            Object result = read;
            long replaced = d.before() == null ? 0 : d.before().entries();
            if (result instanceof AddressListFetcher.Fetched fetched && stored - replaced + fetched.ranges().size() > maxTotalEntries) {
                result = new AddressListFetcher.Unavailable(fetched.ranges().size() + " entries would take the stored address lists "
                        + "past this server's cap of " + maxTotalEntries + " entries (login-signals-max-total-entries)");
            }
            if (result instanceof AddressListFetcher.Fetched fetched) {
                stored += fetched.ranges().size() - replaced;
                store.listFetched(d.realmId(), d.source(), fetched.ranges().toText(), fetched.ranges().size(), fetched.invalid(), at);
                if (d.before() == null || d.before().lastError() != null || d.before().entries() != fetched.ranges().size()) {
                    LOG.infof("Realm %s: address list %s read: %d entries%s%s", d.realmName(), d.source().display(),
                            fetched.ranges().size(), fetched.invalid() > 0 ? ", " + fetched.invalid() + " lines skipped" : "",
                            fetched.truncated() ? ", cut at the server's limit" : "");
                }
            } else {
                String error = ((Exception) result).getMessage();
                store.listFailed(d.realmId(), d.source(), error, at);
                if (d.before() == null || !error.equals(d.before().lastError())) {
                    LOG.warnf("Realm %s: address list %s could not be refreshed (%s); %s", d.realmName(), d.source().display(), error,
                            d.before() == null || d.before().fetchedAt() == null ? "it has never been read"
                                    : "the copy of " + Instant.ofEpochMilli(d.before().fetchedAt()) + " (" + d.before().entries()
                                            + " entries) stays in force");
                }
            }
        }
    }

    /** The lists to read now; drops the stored lists that no realm names any more. */
    private List<Due> due(KeycloakSession session, long now) {
        LoginSignalStore store = session.getProvider(LoginSignalStore.class);
        long refresh = signals.settings().listRefreshMillis();
        List<Due> due = new ArrayList<>();
        session.realms().getRealmsStream().forEach(realm -> {
            LoginSignalPolicy policy = LoginSignalPolicy.of(realm);
            List<ListSource> sources = policy.enabled() ? policy.lists() : List.of();
            Map<String, LoginSignalStore.StoredList> stored = store.lists(realm.getId()).stream()
                    .collect(Collectors.toMap(LoginSignalStore.StoredList::sourceHash, l -> l));
            for (ListSource source : sources) {
                LoginSignalStore.StoredList before = stored.remove(source.hash());
                long wait = before == null ? 0 : before.lastError() == null ? refresh : Math.min(refresh, RETRY_AFTER_FAILURE_MILLIS);
                if (before == null || before.lastAttemptAt() + wait <= now) {
                    due.add(new Due(realm.getId(), realm.getName(), source, before));
                }
            }
            stored.keySet().forEach(hash -> store.removeList(realm.getId(), hash));
        });
        return due;
    }
}
