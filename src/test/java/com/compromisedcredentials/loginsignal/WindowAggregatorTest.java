package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.support.net.AddressRanges;
import org.junit.jupiter.api.Test;

class WindowAggregatorTest {

    private static final long T = 1_795_670_000_000L; // a minute boundary plus 20 s
    private final UserKeys keys = new UserKeys("realm-secret".getBytes(StandardCharsets.UTF_8));

    private WindowAggregator aggregator(Map<String, String> policy) {
        AddressRanges listed = AddressRanges.parse("198.51.100.0/24", 10).ranges();
        return new WindowAggregator(LoginSignalPolicy.of(RealmPolicy.of(policy)), keys,
                a -> listed.match(a).map(e -> new WindowAggregator.ListHit("https://feed.example/list", e.text())));
    }

    @Test
    void failuresFoldPerBucketMinuteAndUsername() {
        WindowAggregator agg = aggregator(Map.of("loginSignalsIpv4Prefix", "24"));
        agg.add(new LoginObservation("r", false, "203.0.113.5", "alice", null, T));
        agg.add(new LoginObservation("r", false, "203.0.113.6", "alice", null, T + 1000));
        agg.add(new LoginObservation("r", false, "203.0.113.6", "bob", "bob-id", T + 2000));
        agg.add(new LoginObservation("r", false, "203.0.113.6", "bob@example.com", "bob-id", T + 3000));
        agg.add(new LoginObservation("r", false, "203.0.114.1", "alice", null, T));
        agg.add(new LoginObservation("r", false, "203.0.113.5", "alice", null, T + 60_000));
        List<WindowAggregator.Failure> failures = List.copyOf(agg.failures());
        assertEquals(4, failures.size(), failures.toString());
        WindowAggregator.Failure alice = failures.get(0);
        assertEquals("203.0.113.0/24", alice.bucket());
        assertEquals(2, alice.count());
        assertEquals(WindowAggregator.slice(T), alice.slice());
        assertEquals(0, alice.slice() % 60_000);
        WindowAggregator.Failure bob = failures.get(1);
        assertEquals(2, bob.count(), "one account, whatever was typed");
        assertTrue(bob.known());
        assertEquals(32, alice.userKey().length());
        assertTrue(!alice.userKey().contains("alice"));
    }

    @Test
    void successesAreCheckedAgainstTheListsWithTheExactAddress() {
        WindowAggregator agg = aggregator(Map.of());
        agg.add(new LoginObservation("r", true, "198.51.100.9", "carol", "carol-id", T));
        agg.add(new LoginObservation("r", true, "203.0.113.9", "dave", "dave-id", T));
        List<WindowAggregator.Success> successes = List.copyOf(agg.successes());
        assertEquals("198.51.100.0/24", successes.get(0).listEntry());
        assertEquals("https://feed.example/list", successes.get(0).listSource());
        assertEquals("198.51.100.9", successes.get(0).address());
        assertNull(successes.get(1).listSource());
    }

    @Test
    void ignoredAndUnparseableAddressesAreSkipped() {
        WindowAggregator agg = aggregator(Map.of("loginSignalsIgnoredAddresses", "10.0.0.0/8, 192.0.2.1"));
        agg.add(new LoginObservation("r", false, "10.1.2.3", "alice", null, T));
        agg.add(new LoginObservation("r", false, "192.0.2.1", "alice", null, T));
        agg.add(new LoginObservation("r", false, "unknown", "alice", null, T));
        agg.add(new LoginObservation("r", false, "192.0.2.2", "alice", null, T));
        assertEquals(3, agg.skipped());
        assertEquals(1, agg.failures().size());
    }

    @Test
    void userKeysDependOnTheRealmSecret() {
        UserKeys other = new UserKeys("another-realm".getBytes(StandardCharsets.UTF_8));
        assertEquals(keys.of(null, "alice"), keys.of(null, "alice"));
        assertNotEquals(keys.of(null, "alice"), other.of(null, "alice"));
        assertNotEquals(keys.of(null, "alice"), keys.of("alice", null));
    }
}
