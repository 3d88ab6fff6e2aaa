package com.compromisedcredentials.api;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.support.web.IsoTime;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON form of a batch: the answer to {@code POST /signals} and {@code GET /batches/{id}}. Field names
 * are the REST contract. {@code unmatchedSubjects} is omitted in lists; a change that has not happened is
 * omitted. {@code userMessage} (what users will read; absent: the reason category's own text) and {@code evidence} are
 * there so that an approver sees what the batch will say before approving it. {@code excludedNoPassword} counts the
 * excluded accounts that have no password to reset (passkey-only, identity-provider logins); {@code enforcement}
 * says whether the realm enforces flags at login now. Where subjects carried the leaked password: {@code withPassword}
 * counts those matched; {@code suspected} the SUSPECTED flags waiting for a login (of a preview or held batch: that
 * would be created); {@code awaitingGuard} of those, the ones the {@code immediate} check found current, waiting for
 * the blast-radius guard (their confirmation batch is held); {@code confirmed} those made ACTIVE because the leaked
 * password was the current one;
 * {@code dismissed} those ended unseen because it was not (or no login came in time). {@code passwordlessSignedOut}: of
 * {@code excludedNoPassword}, the accounts signed out anyway (policy {@code revokeSessionsForPasswordless}). {@code canary}:
 * of a batch applied in stages (state {@code CANARY}, {@code PAUSED}, or {@code APPLIED} once its rest was applied or
 * dropped; a preview: how it would be staged), its slice, rest and health.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchSummary(
        String batchId,
        String state,
        String source,
        String reason,
        int received,
        int matched,
        int unmatched,
        int excluded,
        int newlyFlagged,
        int alreadyFlagged,
        List<Map<String, String>> unmatchedSubjects,
        String holdReason,
        String submittedBy,
        String createdAt,
        String decidedBy,
        String decidedAt,
        String revertedBy,
        String revertedAt,
        String userMessage,
        String evidence,
        int excludedNoPassword,
        String enforcement,
        Integer withPassword,
        Integer suspected,
        Integer awaitingGuard,
        Integer confirmed,
        Integer dismissed,
        Integer passwordlessSignedOut,
        Canary canary) {

    /**
     * A staged batch: its first slice, the rest waiting (0 once applied or dropped), the end of its watch window, why it
     * paused, the rest dropped, and the slice's health so far (absent for a preview).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Canary(int slice, int rest, String watchUntil, String pauseReason, Integer restDropped,
            FlagStoreHealth health) {
    }

    /** The slice's flags: how many, with a leaked password, proved different, bounced, dismissed by admins, resolved. */
    public record FlagStoreHealth(long flags, long withPassword, long differs, long bounced, long dismissed, long resolved) {
        static FlagStoreHealth of(FlagStore.CanaryHealth h) {
            return h == null ? null : new FlagStoreHealth(h.flags(), h.withPassword(), h.differs(), h.bounced(), h.dismissed(), h.resolved());
        }
    }

    public static BatchSummary of(Batch batch, List<Subject> unmatchedSubjects) {
        return of(batch, unmatchedSubjects, null);
    }

    /**
     * @param enforcement whether the realm enforces flags now ({@code on}, {@code weakened}, {@code off}); null to omit
     */
    public static BatchSummary of(Batch batch, List<Subject> unmatchedSubjects, String enforcement) {
        return of(batch, unmatchedSubjects, enforcement, null);
    }

    /**
     * @param verifications what became of the batch's suspicions (an applied batch that made any), else null: the
     *                      summary then says how many suspicions it would make
     */
    public static BatchSummary of(Batch batch, List<Subject> unmatchedSubjects, String enforcement,
            FlagStore.Verifications verifications) {
        return of(batch, unmatchedSubjects, enforcement, verifications, null);
    }

    /** @param health of a staged batch's slice, or null */
    public static BatchSummary of(Batch batch, List<Subject> unmatchedSubjects, String enforcement,
            FlagStore.Verifications verifications, FlagStore.CanaryHealth health) {
        Canary canary = batch.canary() == null ? null : new Canary(batch.canary().slice(), batch.counts().staged(),
                iso(batch.canary().watchUntil()), batch.canary().pauseReason(),
                batch.canary().restDropped() > 0 ? batch.canary().restDropped() : null, FlagStoreHealth.of(health));
        int made = batch.counts().suspected();
        Integer suspected = verifications != null ? Integer.valueOf((int) verifications.suspected()) : made > 0 ? made : null;
        Integer awaitingGuard = verifications != null && verifications.matched() > 0 ? Integer.valueOf((int) verifications.matched()) : null;
        Integer confirmed = verifications != null ? Integer.valueOf((int) verifications.confirmed()) : null;
        Integer dismissed = verifications != null ? Integer.valueOf((int) verifications.dismissed()) : null;
        Integer withPassword = batch.counts().withPassword() > 0 ? batch.counts().withPassword() : null;
        return new BatchSummary(batch.id(), batch.state().name(), batch.source(), batch.reason().wireName(),
                batch.counts().received(), batch.counts().matched(), batch.counts().unmatched(),
                batch.counts().excluded(), batch.counts().newlyFlagged(), batch.counts().alreadyFlagged(),
                unmatchedSubjects == null ? null
                        : unmatchedSubjects.stream().map(s -> Map.of(s.kind().field(), s.value())).toList(),
                batch.holdReason(), batch.actorName(), iso(batch.createdAt()), batch.decidedBy(), iso(batch.decidedAt()),
                batch.revertedBy(), iso(batch.revertedAt()), batch.userMessage(), batch.evidence(),
                batch.counts().excludedNoPassword(), enforcement, withPassword, suspected, awaitingGuard, confirmed, dismissed,
                batch.counts().passwordlessSignedOut() > 0 ? batch.counts().passwordlessSignedOut() : null, canary);
    }

    static String iso(Long millis) {
        return millis == null ? null : IsoTime.of(millis);
    }
}
