package com.compromisedcredentials.intake;

import java.util.Collection;
import java.util.Map;

import com.compromisedcredentials.flag.FlagState;
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
     * @param verifiedEmail the account's address if verified (lower case), else null
     * @param openFlagKnown whether {@code openFlag} was read with the account (else the planner looks it up)
     * @param openFlag the state of the account's open flag (ACTIVE or SUSPECTED), null if none
     */
    record Account(String userId, boolean excluded, boolean passwordless, String verifiedEmail, boolean openFlagKnown,
            FlagState openFlag) {

        /** An account whose open flag, if any, is not known yet. */
        public Account(String userId, boolean excluded, boolean passwordless, String verifiedEmail) {
            this(userId, excluded, passwordless, verifiedEmail, false, null);
        }

        public Account(String userId, boolean excluded) {
            this(userId, excluded, false, null);
        }
    }
}
