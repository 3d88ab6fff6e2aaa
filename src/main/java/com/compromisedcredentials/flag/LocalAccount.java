package com.compromisedcredentials.flag;

/** An account found in Keycloak's own user table: its id and whether it is a client's service account. */
public record LocalAccount(String userId, boolean serviceAccount) {
}
