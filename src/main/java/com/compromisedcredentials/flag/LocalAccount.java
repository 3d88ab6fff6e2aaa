package com.compromisedcredentials.flag;

/**
 * An account found in Keycloak's own user table: its id, whether it is a client's service account, whether it has no
 * password at all (no stored password and no user federation that keeps one: passkey-only accounts, users who only sign
 * in through an identity provider), its address if verified (lower case; else null) and its open flag's state (null if
 * none), all read in the same query.
 */
public record LocalAccount(String userId, boolean serviceAccount, boolean passwordless, String verifiedEmail,
        FlagState openFlag) {
}
