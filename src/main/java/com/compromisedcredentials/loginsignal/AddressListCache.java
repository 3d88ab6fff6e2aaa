package com.compromisedcredentials.loginsignal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * This node's compiled copies of the realms' address lists, kept in step with the last good copies in the database
 * (one small query per flush tells whether a list changed; a changed list is read and compiled once). Memory is the
 * lists' size: at most the server's entries per list, for the lists the realms name.
 */
public final class AddressListCache {

    private record Compiled(Long version, AddressRanges ranges, String display) {
    }

    private final Map<String, Map<String, Compiled>> byRealm = new ConcurrentHashMap<>();

    /** A matcher of addresses against the realm's lists, in the order the realm names them. */
    public Function<ClientAddress, Optional<WindowAggregator.ListHit>> matcher(LoginSignalStore store, String realmId,
            List<ListSource> sources) {
        if (sources.isEmpty()) {
            byRealm.remove(realmId);
            return address -> Optional.empty();
        }
        Map<String, Long> versions = store.listVersions(realmId);
        Map<String, Compiled> before = byRealm.getOrDefault(realmId, Map.of());
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
                compiled = new Compiled(version, AddressRanges.parse(content, Integer.MAX_VALUE).ranges(), source.display());
            }
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
