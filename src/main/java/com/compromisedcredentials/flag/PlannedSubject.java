package com.compromisedcredentials.flag;

/**
 * A subject of a batch with the account it matched ({@code null} if none) and what becomes of it. {@code leakKeyedHash}
 * is the keyed hash of the leaked password it carried (see {@link LeakedPassword#keyedHash}), or null.
 */
public record PlannedSubject(Subject subject, String userId, SubjectOutcome outcome, String leakKeyedHash) {

    public PlannedSubject(Subject subject, String userId, SubjectOutcome outcome) {
        this(subject, userId, outcome, null);
    }
}
