package com.compromisedcredentials.signal;

import java.util.Optional;

import com.compromisedcredentials.flag.Subject;

/** Finds the account a subject names. */
public interface SubjectResolver {

    /** The matched account, or empty if the subject names nobody (or, for an email, several accounts). */
    Optional<Account> resolve(Subject subject);

    /**
     * @param excluded true for accounts that are never flagged (service accounts, break-glass group members)
     */
    record Account(String userId, boolean excluded) {
    }
}
