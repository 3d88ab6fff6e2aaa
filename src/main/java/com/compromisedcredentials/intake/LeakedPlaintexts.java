package com.compromisedcredentials.intake;

import java.util.HashMap;
import java.util.Map;

import com.compromisedcredentials.flag.Subject;

/**
 * The plaintext leaked passwords of a request, by subject, held in memory only for the realm's {@code immediate}
 * verification, which must hand them to Keycloak's own credential check. Never stored; {@link #toString} names no value.
 */
public final class LeakedPlaintexts {

    public static final LeakedPlaintexts NONE = new LeakedPlaintexts(Map.of());

    private final Map<Subject, String> bySubject;

    public LeakedPlaintexts(Map<Subject, String> bySubject) {
        this.bySubject = Map.copyOf(bySubject);
    }

    public String of(Subject subject) {
        return bySubject.get(subject);
    }

    public boolean isEmpty() {
        return bySubject.isEmpty();
    }

    @Override
    public String toString() {
        return "LeakedPlaintexts[" + bySubject.size() + " hidden]";
    }

    /** A mutable collector for the parser. */
    public static Map<Subject, String> collector() {
        return new HashMap<>();
    }
}
