package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.compromisedcredentials.support.net.ClientAddress;
import com.compromisedcredentials.support.net.ListSource;
import org.junit.jupiter.api.Test;

/** Memory stays within the server's cap of compiled entries, however many lists realm admins name. */
class AddressListCacheTest {

    private static final int LISTS = 60;
    private static final int ENTRIES = 1000;
    private static final long CAP = 10_000;

    /** The stored lists every realm names: list {@code i} holds 1000 addresses {@code (20+i).a.b.1}. */
    private final Map<String, String> contents = new HashMap<>();
    private final List<ListSource> sources = new ArrayList<>();

    AddressListCacheTest() {
        for (int i = 0; i < LISTS; i++) {
            ListSource source = ListSource.parse("https://feeds.example.com/list-" + i + ".txt");
            sources.add(source);
            contents.put(source.hash(), entries(i));
        }
    }

    private static String entries(int list) {
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < ENTRIES; n++) {
            text.append(20 + list).append('.').append(n / 250).append('.').append(n % 250).append(".1\n");
        }
        return text.toString();
    }

    private LoginSignalStore store() {
        return (LoginSignalStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LoginSignalStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listVersions" -> {
                        Map<String, Long> versions = new HashMap<>();
                        contents.keySet().forEach(hash -> versions.put(hash, 1L));
                        yield versions;
                    }
                    case "listContent" -> Optional.ofNullable(contents.get((String) args[1]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void manyListsInManyRealmsNeverCompileMoreThanTheCap() {
        AddressListCache cache = new AddressListCache(CAP);
        Function<ClientAddress, Optional<WindowAggregator.ListHit>> first = cache.matcher(store(), "realm-1", sources);
        Function<ClientAddress, Optional<WindowAggregator.ListHit>> second = cache.matcher(store(), "realm-2", sources);

        assertEquals(CAP, cache.compiledEntries(), "60 lists of 1000 entries in two realms, held to the cap");
        assertTrue(first.apply(ClientAddress.parse("20.0.0.1").orElseThrow()).isPresent(), "the first lists are matched");
        assertTrue(first.apply(ClientAddress.parse("29.3.249.1").orElseThrow()).isPresent(), "up to the cap");
        assertTrue(first.apply(ClientAddress.parse("30.0.0.1").orElseThrow()).isEmpty(), "past the cap nothing is compiled");
        assertTrue(second.apply(ClientAddress.parse("20.0.0.1").orElseThrow()).isEmpty(), "no room left for the second realm");

        cache.matcher(store(), "realm-1", List.of());
        cache.matcher(store(), "realm-2", sources);
        assertEquals(CAP, cache.compiledEntries(), "a realm that drops its lists makes room for another");
    }
}
