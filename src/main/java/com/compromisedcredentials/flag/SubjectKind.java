package com.compromisedcredentials.flag;

import java.util.Locale;

/** How a signal names the account it is about. The wire names are the JSON field names of a subject. */
public enum SubjectKind {
    EMAIL("email"),
    USERNAME("username"),
    USER_ID("userId");

    private final String field;

    SubjectKind(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }

    /**
     * The form two subjects are compared in, so that duplicates within a batch fold into one: Keycloak
     * stores usernames and emails in lower case, ids are compared as given.
     */
    public String normalize(String value) {
        String trimmed = value.trim();
        return this == USER_ID ? trimmed : trimmed.toLowerCase(Locale.ROOT);
    }
}
