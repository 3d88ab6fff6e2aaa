package com.compromisedcredentials.intake;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;

/** A realm of four users (alice, bob, carol, dave) and an in-memory flag store, for the intake's unit tests. */
abstract class IntakeFixture {

    static final String REALM = "realm-1";
    static final long NOW = 1_800_000_000_000L;
    static final SignalIntake.Actor ADMIN = new SignalIntake.Actor("admin-id", "admin");

    final InMemoryFlagStore store = new InMemoryFlagStore(() -> NOW);
    final Map<Subject, SubjectResolver.Account> directory = new HashMap<>();

    IntakeFixture() {
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            directory.put(user(name), new SubjectResolver.Account("id-" + name, false));
        }
    }

    static Subject user(String name) {
        return Subject.of(SubjectKind.USERNAME, name);
    }

    static SignalRequest request(String idempotencyKey, boolean dryRun, String... names) {
        return new SignalRequest("feed", ReasonCategory.CREDENTIAL_LEAK, null, null,
                Arrays.stream(names).map(IntakeFixture::user).toList(), idempotencyKey, dryRun);
    }

    SignalIntake intake(long perHour) {
        SubjectResolver resolver = subjects -> {
            Map<Subject, SubjectResolver.Account> found = new HashMap<>();
            subjects.forEach(s -> {
                if (directory.containsKey(s)) {
                    found.put(s, directory.get(s));
                }
            });
            return found;
        };
        return new SignalIntake(store, resolver, REALM, new BlastRadius.Limits(perHour, 100), () -> 1000, "step-up-reset",
                "queued", () -> NOW);
    }
}
