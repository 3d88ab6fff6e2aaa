package com.compromisedcredentials.notify;

import java.util.Arrays;
import java.util.List;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.policy.Enforcement;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Puts the emails a change causes into the outbox, in the transaction of that change, as the realm policy
 * asks. Nothing is sent here: {@link OutboxDispatcher} sends after commit.
 */
public final class Notifier {

    public static final String QUEUED = "queued";
    public static final String OFF = "off";
    /** What a new flag records when the realm does not enforce flags: no email says the old password stopped working. */
    public static final String SKIPPED_ENFORCEMENT_OFF = "skipped: enforcement off";
    /** What a flag records when the SMTP server refused its email for good, before the server's reply. */
    public static final String BOUNCED = "bounced";
    /** At most one held-batch email per realm in this time. */
    static final long HELD_NOTICE_EVERY = 3_600_000L;
    /** The longest notification a flag keeps (its column's length). */
    static final int NOTIFICATION_LENGTH = 64;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RealmPolicy policy;

    public Notifier(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.policy = RealmPolicy.of(realm);
    }

    /** A flag's notification for an email refused with {@code reply} ({@code 550 5.1.1 ...}, addresses masked): cut to fit. */
    static String bounced(String reply) {
        String notification = BOUNCED + ": " + reply;
        return notification.length() <= NOTIFICATION_LENGTH ? notification : notification.substring(0, NOTIFICATION_LENGTH - 1) + "\u2026";
    }

    /** What a new flag records about its email before the dispatcher gets to it. */
    public String initialFlagNotification() {
        if (!policy.flag(PolicySetting.EMAIL_ON_FLAG)) {
            return OFF;
        }
        return Enforcement.of(realm) == Enforcement.OFF ? SKIPPED_ENFORCEMENT_OFF : QUEUED;
    }

    public void flagged(List<String> userIds, String batchId) {
        if (!policy.flag(PolicySetting.EMAIL_ON_FLAG) || Enforcement.of(realm) == Enforcement.OFF) {
            return;
        }
        outbox().enqueueForUsers(realm.getId(), MessageKind.FLAGGED, userIds, batchId, baseUrl());
    }

    /**
     * Tells the policy's admin addresses that a batch waits for approval: at most one such email per realm per hour,
     * however many batches are held (a flood of held login signals must not become a flood of email); the dashboard
     * and {@code GET /batches?state=HELD} list every one.
     */
    public void batchHeld(Batch batch) {
        if (!session.getProvider(FlagStore.class).claimHeldNotice(realm.getId(), Time.currentTimeMillis(), HELD_NOTICE_EVERY)) {
            return;
        }
        toAdmins(MessageKind.BATCH_HELD, batch, baseUrl());
    }

    /** Tells the policy's held-batch addresses that a staged batch paused, and why (in the batch). */
    public void batchPaused(Batch batch) {
        toAdmins(MessageKind.BATCH_PAUSED, batch, baseUrl() != null ? baseUrl() : outbox().lastBaseUrl(realm.getId()).orElse(null));
    }

    private void toAdmins(MessageKind kind, Batch batch, String baseUrl) {
        addresses(policy.value(PolicySetting.HELD_BATCH_NOTIFY))
                .forEach(address -> outbox().enqueue(realm.getId(), kind, null, address, null, batch.id(), baseUrl));
    }

    /** The addresses of a policy setting that lists them (comma-, semicolon- or space-separated), each once. */
    public static List<String> addresses(String value) {
        return Arrays.stream(value.split("[,;\\s]+")).map(String::trim).filter(a -> a.contains("@")).distinct().toList();
    }

    public void passwordChanged(Flag resolved) {
        if (policy.flag(PolicySetting.EMAIL_ON_RESOLVE)) {
            outbox().enqueue(realm.getId(), MessageKind.PASSWORD_CHANGED, resolved.userId(), null, resolved.id(), resolved.batchId(), baseUrl());
        }
    }

    /**
     * Flags reverted with their batch (whose waiting emails {@link #cancelWaiting} cancelled before the flags were
     * locked): if one's email has gone out and the admin asked for it, a correction follows. Returns the number of
     * corrections queued.
     */
    public int reverted(List<Flag> flags, boolean notifyUsers) {
        boolean correct = notifyUsers && policy.flag(PolicySetting.EMAIL_ON_REVERT);
        String baseUrl = baseUrl();
        int corrections = 0;
        for (Flag flag : flags) {
            boolean alreadySent = outbox().flaggedSent(realm.getId(), flag.userId(), flag.id());
            if (correct && alreadySent) {
                outbox().enqueue(realm.getId(), MessageKind.CORRECTION, flag.userId(), null, flag.id(), flag.batchId(), baseUrl);
                corrections++;
            }
        }
        return corrections;
    }

    /**
     * Flags about to be dismissed or reverted: their users' flag emails not yet sent are not sent. Called before the
     * flags are locked, so that it waits for a send in progress (see {@link Outbox#cancelFlagged}).
     */
    public void cancelWaiting(java.util.Collection<String> userIds) {
        outbox().cancelFlagged(realm.getId(), userIds);
    }

    private Outbox outbox() {
        return session.getProvider(Outbox.class);
    }

    private String baseUrl() {
        try {
            return session.getContext().getUri().getBaseUri().toString();
        } catch (RuntimeException e) {
            return null; // no request (a background job): the email then names the site without an address
        }
    }
}
