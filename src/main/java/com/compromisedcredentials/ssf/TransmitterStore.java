package com.compromisedcredentials.ssf;

import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.support.store.RealmData;

/**
 * The registered transmitters and the receipts of the SETs accepted from them. Obtain it with
 * {@code session.getProvider(TransmitterStore.class)}; it joins the session's transaction, as the flag store does, so
 * that a receipt is written with the batch its SET caused, or not at all.
 */
public interface TransmitterStore extends RealmData {

    /** What {@link #create} and {@link #update} write. */
    record Draft(TransmitterConfig config, boolean enabled, String realmIssuer) {
    }

    StoredTransmitter create(String realmId, Draft draft, String createdBy);

    /** Replaces the configuration; empty if there is no such transmitter. */
    Optional<StoredTransmitter> update(String realmId, String id, Draft draft);

    Optional<StoredTransmitter> find(String realmId, String id);

    /** The realm's transmitter with this {@code iss}, compared exactly. */
    Optional<StoredTransmitter> findByIssuer(String realmId, String issuer);

    /** The realm's transmitters, oldest first. */
    List<StoredTransmitter> list(String realmId);

    /** Every enabled transmitter configured for poll, in every realm. */
    List<StoredTransmitter> listPolled();

    /** Deletes the transmitter; its receipts stay until they expire, so its SETs cannot be replayed to a new one. */
    boolean delete(String realmId, String id);

    /** Records a poll: {@code error} null if it worked. */
    void pollFinished(String id, long at, String error);

    /** Whether a SET with this {@code jti} from this issuer has been accepted in the realm and not yet forgotten. */
    boolean isReceived(String realmId, String issuer, String jti);

    /** Writes the receipt of an accepted SET and marks its transmitter as heard from. */
    void received(String realmId, String issuer, ReceivedSet receipt);

    /** Receipts of a transmitter, newest first. */
    List<ReceivedSet> listReceived(String realmId, String transmitterId, int first, int max);

    /** Forgets up to {@code max} receipts that expired before {@code now}; returns how many. */
    int deleteExpiredReceipts(long now, int max);

    // ---- housekeeping

    /** Deletes the realm's transmitters and receipts. */
    void removeRealm(String realmId);

    @Override
    default void close() {
    }
}
