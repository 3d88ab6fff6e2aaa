package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.ReceivedSet;
import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.TransmitterStore;
import com.compromisedcredentials.ssf.set.CompromiseSignal;
import com.compromisedcredentials.ssf.set.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.intake.SignalIntake;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.intake.SignalService;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Acts on one verified SET in the session's transaction, push and poll alike: under the realm's intake lock, a
 * {@code jti} already received from this issuer is reported as a duplicate and nothing is written; otherwise each
 * recognised event that names an account of the realm is submitted through {@link SignalService} (same guard, held
 * batches, idempotency key from the {@code jti}, session revocation, emails), and the SET's receipt is written in
 * the same transaction. An event whose subject names nobody here leaves only the receipt; so does a SET with no event
 * this receiver acts on, or one about a credential that a password reset does not fix.
 */
public final class SetIntake {

    private static final Logger LOG = Logger.getLogger(SetIntake.class);

    /**
     * @param duplicate true if the {@code jti} had been received before: nothing was done
     * @param outcome   what came of the SET (null for a duplicate)
     * @param batchIds  the batches submitted, in event order
     */
    public record Result(boolean duplicate, ReceivedSet.Outcome outcome, List<String> batchIds) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String phoneAttribute;

    /** @param phoneAttribute the user attribute holding an E.164 phone number, or null to match no phone number */
    public SetIntake(KeycloakSession session, RealmModel realm, String phoneAttribute) {
        this.session = session;
        this.realm = realm;
        this.phoneAttribute = phoneAttribute;
    }

    /**
     * @param signals     the SET's recognised events, already mapped (so that a malformed one refused the SET before
     *                    anything was written)
     * @param realmIssuer the realm's issuer URL, for {@code iss_sub} subjects; null if unknown
     */
    public Result accept(StoredTransmitter transmitter, SecurityEvent set, List<CompromiseSignal> signals,
            DeliveryMethod delivery, String realmIssuer) {
        FlagStore flags = session.getProvider(FlagStore.class);
        TransmitterStore store = session.getProvider(TransmitterStore.class);
        flags.lockRealm(realm.getId());
        if (store.isReceived(realm.getId(), set.issuer(), set.jti())) {
            return new Result(true, null, List.of());
        }

        SetSubjectResolver resolver = new SetSubjectResolver(session, realm, phoneAttribute);
        List<String> batchIds = new ArrayList<>();
        boolean unmatched = false;
        for (int i = 0; i < signals.size(); i++) {
            CompromiseSignal signal = signals.get(i);
            String event = SignalFromSet.shortName(signal.type().uri());
            if (!signal.concernsPassword()) {
                LOG.infof("SET %s from transmitter %s in realm %s: %s of credential type '%s' ignored: a password reset does not fix it",
                        set.jti(), transmitter.id(), realm.getName(), event, signal.credentialType());
                continue;
            }
            SetSubjectResolver.Match match = resolver.resolve(signal.subject(), realmIssuer);
            if (match.isEmpty()) {
                unmatched = true;
                LOG.infof("SET %s from transmitter %s in realm %s: %s names no account of the realm (subject format %s)",
                        set.jti(), transmitter.id(), realm.getName(), event, signal.subject().format());
                continue;
            }
            SignalRequest request = SignalFromSet.request(signal, match.subjects(), language(match), i);
            SignalIntake.Result result = new SignalService(session, realm)
                    .submit(request, new SignalIntake.Actor(null, SignalFromSet.actorName(set.issuer())));
            batchIds.add(result.batch().id());
            LOG.infof("SET %s from transmitter %s in realm %s: %s submitted as batch %s, %s, %d newly flagged",
                    set.jti(), transmitter.id(), realm.getName(), event, result.batch().id(), result.batch().state(),
                    result.batch().counts().newlyFlagged());
        }

        ReceivedSet.Outcome outcome = !batchIds.isEmpty() ? ReceivedSet.Outcome.SIGNALLED
                : unmatched ? ReceivedSet.Outcome.UNMATCHED : ReceivedSet.Outcome.IGNORED;
        long now = Time.currentTimeMillis();
        store.received(realm.getId(), set.issuer(), new ReceivedSet(transmitter.id(), set.jti(), delivery, outcome,
                batchIds.isEmpty() ? null : batchIds.get(0), eventNames(set), now,
                now + transmitter.config().replayWindow().toMillis()));
        if (signals.isEmpty()) {
            LOG.debugf("SET %s from transmitter %s in realm %s: no event this receiver acts on (%s)", set.jti(),
                    transmitter.id(), realm.getName(), eventNames(set));
        }
        return new Result(false, outcome, List.copyOf(batchIds));
    }

    /**
     * The language of the one account named, as Keycloak would pick it for that user's email: their locale if the
     * realm offers it, else the realm's default; English when the realm is not internationalized.
     */
    private String language(SetSubjectResolver.Match match) {
        if (!realm.isInternationalizationEnabled()) {
            return "en";
        }
        if (match.users().size() == 1) {
            String locale = match.users().values().iterator().next().getFirstAttribute(UserModel.LOCALE);
            if (locale != null && realm.getSupportedLocalesStream().anyMatch(locale::equals)) {
                return locale;
            }
        }
        return realm.getDefaultLocale();
    }

    private static String eventNames(SecurityEvent set) {
        return set.events().keySet().stream().map(SignalFromSet::shortName).collect(Collectors.joining(","));
    }
}
