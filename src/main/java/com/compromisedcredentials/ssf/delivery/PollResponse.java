package com.compromisedcredentials.ssf.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a transmitter's poll endpoint answered (RFC 8936 section 2.5).
 *
 * @param sets          {@code jti} → the SET in compact form, in the order sent. An entry whose value was not a string
 *                      is kept with an empty string, which {@link SetVerifier} refuses with {@code invalid_request}, so
 *                      that it gets a negative acknowledgement instead of coming back forever
 * @param moreAvailable the transmitter has more SETs queued: poll again without waiting
 */
public record PollResponse(Map<String, String> sets, boolean moreAvailable) {

    public PollResponse {
        sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    }
}
