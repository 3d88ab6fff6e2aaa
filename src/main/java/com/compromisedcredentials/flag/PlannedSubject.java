package com.compromisedcredentials.flag;

/**
 * A subject of a batch with the account it matched ({@code null} if none) and what becomes of it. {@code leakKeyedHash}
 * is the keyed hash of the leaked password it carried (see {@link LeakedPassword#keyedHash}), or null;
 * {@code emailAtFlag} the account's verified address (lower case) when planned, recorded on a new flag (see
 * {@link Flag#isEmailAtFlag}), or null.
 */
public record PlannedSubject(Subject subject, String userId, SubjectOutcome outcome, String leakKeyedHash,
        String emailAtFlag) {

    public PlannedSubject(Subject subject, String userId, SubjectOutcome outcome, String leakKeyedHash) {
        this(subject, userId, outcome, leakKeyedHash, null);
    }

    public PlannedSubject(Subject subject, String userId, SubjectOutcome outcome) {
        this(subject, userId, outcome, null);
    }

    /** The same subject with another outcome. */
    public PlannedSubject withOutcome(SubjectOutcome other) {
        return new PlannedSubject(subject, userId, other, leakKeyedHash, emailAtFlag);
    }
}
