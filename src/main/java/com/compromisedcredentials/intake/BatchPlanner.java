package com.compromisedcredentials.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectOutcome;

/**
 * Decides what a batch does to each subject, before anything is written: folds duplicate subjects, and
 * subjects naming the same account in different ways, into one; sorts each into newly flagged, newly suspected
 * (it carried the leaked password, to be verified), escalated (a suspicion made a flag), already flagged, excluded
 * or unmatched. Accounts and active flags are looked up in bulk.
 */
public class BatchPlanner {

    private final SubjectResolver resolver;
    private final Function<Set<String>, Map<String, FlagState>> openAmong;
    private final Map<Subject, String> leakKeyedHashes;

    /**
     * @param activeAmong of a set of user ids, those that already have an active flag
     */
    public BatchPlanner(SubjectResolver resolver, Function<Set<String>, Set<String>> activeAmong) {
        this(resolver, ids -> {
            Map<String, FlagState> open = new HashMap<>();
            activeAmong.apply(ids).forEach(id -> open.put(id, FlagState.ACTIVE));
            return open;
        }, Map.of());
    }

    /**
     * @param openAmong of a set of user ids, those that have an open flag (ACTIVE or SUSPECTED), with its state
     * @param leakKeyedHashes the keyed hash of the leaked password each subject carried, if leak verification is on
     *                        (empty when it is off: every matched account is then flagged ACTIVE, as without a password)
     */
    public BatchPlanner(SubjectResolver resolver, Function<Set<String>, Map<String, FlagState>> openAmong,
            Map<Subject, String> leakKeyedHashes) {
        this.resolver = resolver;
        this.openAmong = openAmong;
        this.leakKeyedHashes = leakKeyedHashes;
    }

    /** One entry per distinct subject, in the order first received. */
    public List<PlannedSubject> plan(List<Subject> subjects) {
        Set<Subject> distinct = new LinkedHashSet<>(subjects);
        Map<Subject, SubjectResolver.Account> accounts = resolver.resolveAll(distinct);
        // open flags: read with the account where the resolver could (Keycloak's user table), else looked up
        Set<String> unknown = new HashSet<>();
        Map<String, FlagState> open = new HashMap<>();
        accounts.values().forEach(a -> {
            if (!a.openFlagKnown()) {
                unknown.add(a.userId());
            } else if (a.openFlag() != null) {
                open.put(a.userId(), a.openFlag());
            }
        });
        if (!unknown.isEmpty()) {
            open.putAll(openAmong.apply(unknown));
        }

        Set<String> seenUsers = new HashSet<>();
        List<PlannedSubject> plan = new ArrayList<>(distinct.size());
        for (Subject subject : distinct) {
            SubjectResolver.Account account = accounts.get(subject);
            if (account == null) {
                plan.add(new PlannedSubject(subject, null, SubjectOutcome.UNMATCHED));
                continue;
            }
            if (!seenUsers.add(account.userId())) {
                continue; // the same account named twice (e.g. by email and by username): one outcome
            }
            String leak = leakKeyedHashes.get(subject);
            SubjectOutcome outcome;
            if (account.excluded()) {
                outcome = SubjectOutcome.EXCLUDED;
            } else if (account.passwordless()) {
                outcome = SubjectOutcome.NO_PASSWORD;
            } else if (open.get(account.userId()) == FlagState.SUSPECTED) {
                // a signal that needs no verification makes the suspicion a flag; another suspicion adds evidence
                outcome = leak == null ? SubjectOutcome.ESCALATED : SubjectOutcome.ALREADY_FLAGGED;
            } else if (open.containsKey(account.userId())) {
                outcome = SubjectOutcome.ALREADY_FLAGGED;
            } else {
                outcome = leak == null ? SubjectOutcome.NEWLY_FLAGGED : SubjectOutcome.NEWLY_SUSPECTED;
            }
            plan.add(new PlannedSubject(subject, account.userId(), outcome, leak, account.verifiedEmail()));
        }
        return plan;
    }
}
