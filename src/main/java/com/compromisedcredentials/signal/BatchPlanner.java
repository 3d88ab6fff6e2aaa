package com.compromisedcredentials.signal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectOutcome;

/**
 * Decides what a batch does to each subject, before anything is written: folds duplicate subjects, and
 * subjects naming the same account in different ways, into one; sorts each into newly flagged, already
 * flagged, excluded or unmatched.
 */
public class BatchPlanner {

    private final SubjectResolver resolver;
    private final Predicate<String> hasActiveFlag;

    /**
     * @param hasActiveFlag whether a user id already has an active flag
     */
    public BatchPlanner(SubjectResolver resolver, Predicate<String> hasActiveFlag) {
        this.resolver = resolver;
        this.hasActiveFlag = hasActiveFlag;
    }

    /** One entry per distinct subject, in the order first received. */
    public List<PlannedSubject> plan(List<Subject> subjects) {
        Set<String> seenUsers = new HashSet<>();
        List<PlannedSubject> plan = new ArrayList<>();
        for (Subject subject : new LinkedHashSet<>(subjects)) {
            Optional<SubjectResolver.Account> account = resolver.resolve(subject);
            if (account.isEmpty()) {
                plan.add(new PlannedSubject(subject, null, SubjectOutcome.UNMATCHED));
                continue;
            }
            String userId = account.get().userId();
            if (!seenUsers.add(userId)) {
                continue; // the same account named twice (e.g. by email and by username): one outcome
            }
            SubjectOutcome outcome;
            if (account.get().excluded()) {
                outcome = SubjectOutcome.EXCLUDED;
            } else if (hasActiveFlag.test(userId)) {
                outcome = SubjectOutcome.ALREADY_FLAGGED;
            } else {
                outcome = SubjectOutcome.NEWLY_FLAGGED;
            }
            plan.add(new PlannedSubject(subject, userId, outcome));
        }
        return plan;
    }
}
