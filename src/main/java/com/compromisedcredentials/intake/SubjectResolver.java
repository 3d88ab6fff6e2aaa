package com.compromisedcredentials.intake;

import java.util.Collection;
import java.util.Map;

import com.compromisedcredentials.flag.Subject;

/** Finds the accounts subjects name, all at once (a batch may name 10 000). */
public interface SubjectResolver {

    /**
     * The matched account of each subject that names exactly one; subjects naming nobody (or, for an email,
     * several accounts) are absent.
     */
    Map<Subject, Account> resolveAll(Collection<Subject> subjects);

    /**
     * @param excluded true for accounts that are never flagged (service accounts, break-glass group members)
     * @param passwordless true for accounts without a password a reset could replace
     */
    record Account(String userId, boolean excluded, boolean passwordless) {

        public Account(String userId, boolean excluded) {
            this(userId, excluded, false);
        }
    }
}
