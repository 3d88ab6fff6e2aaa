package com.compromisedcredentials.ssf;

import com.compromisedcredentials.support.web.WireName;

/**
 * The receipt of one accepted SET: its {@code jti} is remembered until {@link #expiresAt()} so that the same token
 * is never acted on twice, and an admin can see what came of it. Refused SETs leave no receipt.
 *
 * @param transmitterId the transmitter it came from
 * @param jti           the SET's {@code jti}
 * @param delivery      how it arrived
 * @param outcome       what came of it
 * @param batchId       the batch its first recognised event was submitted as, or null
 * @param events        the event types it carried, short names, comma-separated (cut at 500 characters)
 * @param receivedAt    epoch milliseconds
 * @param expiresAt     epoch milliseconds; afterwards the token would fail its {@code iat} check anyway
 */
public record ReceivedSet(
        String transmitterId,
        String jti,
        DeliveryMethod delivery,
        Outcome outcome,
        String batchId,
        String events,
        long receivedAt,
        long expiresAt) {

    /** What an accepted SET led to. The wire names are part of the admin API. */
    public enum Outcome implements WireName {
        /** A recognised event named an account of the realm: it was submitted as a signal (applied or held). */
        SIGNALLED("signalled"),
        /** A recognised event whose subject names no account here. Answered like any other, so nobody learns that. */
        UNMATCHED("unmatched"),
        /** No event this receiver acts on (another event type, or a credential a password reset does not fix). */
        IGNORED("ignored");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }
}
