package com.compromisedcredentials.loginsignal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.compromisedcredentials.support.net.ClientAddress;

/**
 * Folds one realm's queued logins into the rows they add to the shared counters: failures per (address bucket,
 * minute, username key), successes per (address bucket, minute, account). A flush of thousands of logins becomes a
 * few rows per attacking address. Logins from an ignored address, or whose address is not an IP literal, are skipped.
 */
public final class WindowAggregator {

    /** Counts are kept per minute; a window is the sum of its minutes (a sliding window one minute fine). */
    public static final long SLICE_MILLIS = 60_000L;

    /** Failed logins to add: {@code known} when the username named an existing account. */
    public record Failure(String bucket, long slice, String userKey, int count, boolean known) {
    }

    /** Successful logins to add; {@code listSource}/{@code listEntry} when the exact address is on a list. */
    public record Success(String bucket, long slice, String userId, int count, String address, String listSource, String listEntry) {
    }

    /** A listed address: which list, which entry. */
    public record ListHit(String source, String entry) {
    }

    private record FailureKey(String bucket, long slice, String userKey) {
    }

    private record SuccessKey(String bucket, long slice, String userId) {
    }

    private final LoginSignalPolicy policy;
    private final UserKeys userKeys;
    private final Function<ClientAddress, Optional<ListHit>> lists;
    private final Map<FailureKey, Failure> failures = new LinkedHashMap<>();
    private final Map<SuccessKey, Success> successes = new LinkedHashMap<>();
    private int skipped;

    public WindowAggregator(LoginSignalPolicy policy, UserKeys userKeys, Function<ClientAddress, Optional<ListHit>> lists) {
        this.policy = policy;
        this.userKeys = userKeys;
        this.lists = lists;
    }

    public static long slice(long at) {
        return at - Math.floorMod(at, SLICE_MILLIS);
    }

    public void add(LoginObservation login) {
        Optional<ClientAddress> parsed = ClientAddress.parse(login.address());
        if (parsed.isEmpty() || policy.ignored().contains(parsed.get())) {
            skipped++;
            return;
        }
        ClientAddress address = parsed.get();
        String bucket = policy.bucket(address);
        long slice = slice(login.at());
        if (login.success()) {
            Optional<ListHit> hit = lists.apply(address);
            SuccessKey key = new SuccessKey(bucket, slice, login.userId());
            Success before = successes.get(key);
            ListHit listed = hit.orElse(before == null || before.listSource() == null ? null : new ListHit(before.listSource(), before.listEntry()));
            successes.put(key, new Success(bucket, slice, login.userId(), (before == null ? 0 : before.count()) + 1,
                    address.toString(), listed == null ? null : listed.source(), listed == null ? null : listed.entry()));
        } else {
            String userKey = userKeys.of(login.userId(), login.username());
            FailureKey key = new FailureKey(bucket, slice, userKey);
            Failure before = failures.get(key);
            failures.put(key, new Failure(bucket, slice, userKey, (before == null ? 0 : before.count()) + 1,
                    login.userId() != null || before != null && before.known()));
        }
    }

    public Collection<Failure> failures() {
        return failures.values();
    }

    public Collection<Success> successes() {
        return successes.values();
    }

    /** Logins not counted: an ignored address or one that is not an IP literal. */
    public int skipped() {
        return skipped;
    }
}
