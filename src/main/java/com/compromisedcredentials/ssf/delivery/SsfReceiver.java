package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.set.JwksKeySource;
import com.compromisedcredentials.ssf.set.SetVerifier;
import java.time.Duration;

import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.OutboundAddresses;
import org.keycloak.provider.Provider;

/**
 * The Shared Signals receiver of this node ({@code session.getProvider(SsfReceiver.class)}), what it shares across
 * requests: its settings (server options, read once), the HTTP client
 * that fetches keys and polls, and the transmitters' cached keys.
 *
 * @param pollInterval   how often poll transmitters are polled (the task runs once per interval cluster-wide)
 * @param pollMaxEvents  the {@code maxEvents} of each poll
 * @param pollTimeout    the deadline of one poll request
 * @param phoneAttribute the user attribute matched against {@code phone_number} subjects; blank for none
 */
public record SsfReceiver(Duration pollInterval, int pollMaxEvents, Duration pollTimeout, String phoneAttribute,
        BoundedHttp http, TransmitterKeys keys) implements Provider {

    static SsfReceiver of(Duration pollInterval, int pollMaxEvents, Duration pollTimeout, String phoneAttribute,
            JwksKeySource.Settings jwks, OutboundAddresses addresses) {
        BoundedHttp http = BoundedHttp.newClient(jwks.timeout(), addresses);
        return new SsfReceiver(pollInterval, pollMaxEvents, pollTimeout, phoneAttribute, http, new TransmitterKeys(http, jwks));
    }

    SetVerifier verifier(StoredTransmitter transmitter) {
        return new SetVerifier(transmitter.config(), keys.of(transmitter));
    }

    PollClient pollClient() {
        return new PollClient(http, pollTimeout);
    }

    /** Node-wide: {@link DefaultSharedSignalsFactory} owns it. */
    @Override
    public void close() {
    }
}
