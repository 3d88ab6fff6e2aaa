package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.set.SetRejected;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RFC 8936 poll: the SETs acknowledged since the last poll, the ones refused with their {@link SetRejected}
 * (sent as {@code setErrs}), how many new SETs to take, and whether the transmitter should answer at once.
 * SETs that were neither accepted nor refused (their keys were unavailable) are left out of both: the transmitter
 * delivers them again.
 *
 * @param ack               the {@code jti}s of SETs accepted
 * @param setErrs           {@code jti} → why it was refused
 * @param maxEvents         at most this many SETs in the answer; 0 only acknowledges
 * @param returnImmediately answer now even if no SET is queued (false asks for a long poll)
 */
public record PollRequest(List<String> ack, Map<String, SetRejected> setErrs, int maxEvents, boolean returnImmediately) {

    public PollRequest {
        ack = List.copyOf(ack);
        setErrs = Collections.unmodifiableMap(new LinkedHashMap<>(setErrs));
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0");
        }
    }

    /** A first poll: nothing to acknowledge, up to {@code maxEvents} SETs, answered at once. */
    public static PollRequest first(int maxEvents) {
        return new PollRequest(List.of(), Map.of(), maxEvents, true);
    }
}
