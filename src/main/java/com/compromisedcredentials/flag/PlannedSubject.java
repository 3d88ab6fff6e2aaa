package com.compromisedcredentials.flag;

/** A subject of a batch with the account it matched ({@code null} if none) and what becomes of it. */
public record PlannedSubject(Subject subject, String userId, SubjectOutcome outcome) {
}
