package com.compromisedcredentials.loginsignal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.compromisedcredentials.support.net.AddressRanges;
import com.compromisedcredentials.support.net.ClientAddress;
import com.compromisedcredentials.support.net.ListSource;
import org.jboss.logging.Logger;

/**
 * This node's compiled copies of the realms' address lists, kept in step with the last good copies in the database
 * (one small query per flush tells whether a list changed; a changed list is read and compiled once). Memory is the
 * lists' size, and never more than the server's cap of compiled entries ({@code login-signals-max-total-entries})
 * across all realms: a list that would pass it is not compiled (and not matched) until others make room. The
 * refresher refuses to store a list past the same cap, so this only bites if the database holds more than it allows.
 */
public final class AddressListCache {

    private static final Logger LOG = Logger.getLogger(AddressListCache.class);

    private record Compiled(Long version, AddressRanges ranges, String display) {
    }

    private final long maxTotalEntries;
    private final Map<String, Map<String, Compiled>> byRealm = new ConcurrentHashMap<>();

    public AddressListCache(long maxTotalEntries) {
        this.maxTotalEntries = maxTotalEntries;
    }

    /** Entries compiled on this node, all realms together. */
    public long compiledEntries() {
        return byRealm.values().stream().flatMap(m -> m.values().stream()).mapToLong(c -> c.ranges().size()).sum();
    }

    /** A matcher of addresses against the realm's lists, in the order the realm names them. */
    public Function<ClientAddress, Optional<WindowAggregator.ListHit>> matcher(LoginSignalStore store, String realmId,
            List<ListSource> sources) {
        if (sources.isEmpty()) {
            byRealm.remove(realmId);
            return address -> Optional.empty();
        }
        Map<String, Long> versions = store.listVersions(realmId);
        Map<String, Compiled> before = byRealm.getOrDefault(realmId, Map.of());
        long othersCompiled = compiledEntries() - before.values().stream().mapToLong(c -> c.ranges().size()).sum();
        long budget = maxTotalEntries - othersCompiled;
        Map<String, Compiled> now = new HashMap<>();
        List<Compiled> ordered = new ArrayList<>();
        for (ListSource source : sources) {
            String hash = source.hash();
            Long version = versions.get(hash);
            if (version == null) {
                continue; // never fetched yet
            }
            Compiled compiled = before.get(hash);
            if (compiled == null || !Objects.equals(compiled.version(), version)) {
                String content = store.listContent(realmId, hash).orElse("");
                // never more than the budget left: a list past it is not held in memory, even for a moment
                AddressRanges.Parsed parsed = AddressRanges.parse(content, (int) Math.min(Integer.MAX_VALUE, Math.max(0, budget)));
                if (parsed.truncated()) {
                    LOG.debugf("Address list %s not compiled: it would pass this server's cap of %d list entries in memory "
                            + "(login-signals-max-total-entries)", source.display(), maxTotalEntries);
                    continue;
                }
                compiled = new Compiled(version, parsed.ranges(), source.display());
            } else if (compiled.ranges().size() > budget) {
                continue;
            }
            budget -= compiled.ranges().size();
            now.put(hash, compiled);
            ordered.add(compiled);
        }
        byRealm.put(realmId, now);
        return address -> {
            for (Compiled list : ordered) {
                Optional<AddressRanges.Entry> entry = list.ranges().match(address);
                if (entry.isPresent()) {
                    return Optional.of(new WindowAggregator.ListHit(list.display(), entry.get().text()));
                }
            }
            return Optional.empty();
        };
    }
}
