package com.compromisedcredentials.flag;

import java.util.Objects;

/** One account named by a signal: by email, username or user id, value already normalized. */
public record Subject(SubjectKind kind, String value) {

    public Subject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public static Subject of(SubjectKind kind, String raw) {
        return new Subject(kind, kind.normalize(raw));
    }
}
