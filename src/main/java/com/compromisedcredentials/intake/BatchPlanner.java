package com.compromisedcredentials.intake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectOutcome;

/**
 * Decides what a batch does to each subject, before anything is written: folds duplicate subjects, and
 * subjects naming the same account in different ways, into one; sorts each into newly flagged, already
 * flagged, excluded or unmatched. Accounts and active flags are looked up in bulk.
 */
public class BatchPlanner {

    private final SubjectResolver resolver;
    private final Function<Set<String>, Set<String>> activeAmong;

    /**
     * @param activeAmong of a set of user ids, those that already have an active flag
     */
    public BatchPlanner(SubjectResolver resolver, Function<Set<String>, Set<String>> activeAmong) {
        this.resolver = resolver;
        this.activeAmong = activeAmong;
    }

    /** One entry per distinct subject, in the order first received. */
    public List<PlannedSubject> plan(List<Subject> subjects) {
        Set<Subject> distinct = new LinkedHashSet<>(subjects);
        Map<Subject, SubjectResolver.Account> accounts = resolver.resolveAll(distinct);
        Set<String> matched = new HashSet<>();
        accounts.values().forEach(a -> matched.add(a.userId()));
        Set<String> active = matched.isEmpty() ? Set.of() : activeAmong.apply(matched);

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
            SubjectOutcome outcome;
            if (account.excluded()) {
                outcome = SubjectOutcome.EXCLUDED;
            } else if (account.passwordless()) {
                outcome = SubjectOutcome.NO_PASSWORD;
            } else if (active.contains(account.userId())) {
                outcome = SubjectOutcome.ALREADY_FLAGGED;
            } else {
                outcome = SubjectOutcome.NEWLY_FLAGGED;
            }
            plan.add(new PlannedSubject(subject, account.userId(), outcome));
        }
        return plan;
    }
}
