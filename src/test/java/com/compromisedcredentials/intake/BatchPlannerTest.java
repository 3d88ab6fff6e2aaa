package com.compromisedcredentials.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.PlannedSubject;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.flag.SubjectOutcome;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private final Map<Subject, SubjectResolver.Account> directory = Map.of(
            Subject.of(SubjectKind.USERNAME, "alice"), new SubjectResolver.Account("id-alice", false),
            Subject.of(SubjectKind.EMAIL, "alice@example.com"), new SubjectResolver.Account("id-alice", false),
            Subject.of(SubjectKind.USERNAME, "bob"), new SubjectResolver.Account("id-bob", false),
            Subject.of(SubjectKind.USERNAME, "service-account-app"), new SubjectResolver.Account("id-svc", true));

    private final BatchPlanner planner = new BatchPlanner(subjects -> {
        Map<Subject, SubjectResolver.Account> found = new java.util.HashMap<>();
        subjects.forEach(s -> Optional.ofNullable(directory.get(s)).ifPresent(a -> found.put(s, a)));
        return found;
    }, ids -> ids.contains("id-bob") ? Set.of("id-bob") : Set.of());

    @Test
    void sortsEachSubjectAndFoldsDuplicates() {
        List<PlannedSubject> plan = planner.plan(List.of(
                Subject.of(SubjectKind.USERNAME, "alice"),
                Subject.of(SubjectKind.USERNAME, "alice"),
                Subject.of(SubjectKind.EMAIL, "alice@example.com"),
                Subject.of(SubjectKind.USERNAME, "bob"),
                Subject.of(SubjectKind.USERNAME, "service-account-app"),
                Subject.of(SubjectKind.EMAIL, "ghost@example.com"),
                Subject.of(SubjectKind.EMAIL, "ghost@example.com")));

        assertEquals(List.of(
                new PlannedSubject(Subject.of(SubjectKind.USERNAME, "alice"), "id-alice", SubjectOutcome.NEWLY_FLAGGED),
                new PlannedSubject(Subject.of(SubjectKind.USERNAME, "bob"), "id-bob", SubjectOutcome.ALREADY_FLAGGED),
                new PlannedSubject(Subject.of(SubjectKind.USERNAME, "service-account-app"), "id-svc", SubjectOutcome.EXCLUDED),
                new PlannedSubject(Subject.of(SubjectKind.EMAIL, "ghost@example.com"), null, SubjectOutcome.UNMATCHED)),
                plan);
    }

    @Test
    void aSubjectWithTheLeakedPasswordIsSuspectedAndASignalWithoutOneMakesASuspicionAFlag() {
        Subject alice = Subject.of(SubjectKind.USERNAME, "alice");
        Subject bob = Subject.of(SubjectKind.USERNAME, "bob");
        Subject carol = Subject.of(SubjectKind.USERNAME, "carol");
        Subject dave = Subject.of(SubjectKind.USERNAME, "dave");
        Map<Subject, SubjectResolver.Account> accounts = Map.of(alice, new SubjectResolver.Account("id-alice", false),
                bob, new SubjectResolver.Account("id-bob", false), carol, new SubjectResolver.Account("id-carol", false),
                dave, new SubjectResolver.Account("id-dave", false));
        BatchPlanner withOpenFlags = new BatchPlanner(subjects -> {
            Map<Subject, SubjectResolver.Account> found = new java.util.HashMap<>();
            subjects.forEach(s -> Optional.ofNullable(accounts.get(s)).ifPresent(a -> found.put(s, a)));
            return found;
        }, ids -> Map.of("id-bob", com.compromisedcredentials.flag.FlagState.SUSPECTED,
                "id-carol", com.compromisedcredentials.flag.FlagState.SUSPECTED,
                "id-dave", com.compromisedcredentials.flag.FlagState.ACTIVE), Map.of(alice, "k-alice", carol, "k-carol", dave, "k-dave"));

        List<PlannedSubject> plan = withOpenFlags.plan(List.of(alice, bob, carol, dave));

        assertEquals(List.of(
                new PlannedSubject(alice, "id-alice", SubjectOutcome.NEWLY_SUSPECTED, "k-alice"),
                new PlannedSubject(bob, "id-bob", SubjectOutcome.ESCALATED, null),
                new PlannedSubject(carol, "id-carol", SubjectOutcome.ALREADY_FLAGGED, "k-carol"),
                new PlannedSubject(dave, "id-dave", SubjectOutcome.ALREADY_FLAGGED, "k-dave")), plan);
        com.compromisedcredentials.flag.BatchCounts counts = com.compromisedcredentials.flag.BatchDraft.countsOf(4, plan);
        assertEquals(1, counts.suspected());
        assertEquals(1, counts.newlyFlagged()); // the escalated suspicion reaches its user now
        assertEquals(3, counts.withPassword());
    }

    @Test
    void openFlagsReadWithTheAccountAreNotLookedUpAgainAndTheVerifiedAddressIsCarried() {
        Subject carol = Subject.of(SubjectKind.USERNAME, "carol");
        Subject dan = Subject.of(SubjectKind.USERNAME, "dan");
        Subject erin = Subject.of(SubjectKind.USERNAME, "erin");
        Map<Subject, SubjectResolver.Account> accounts = Map.of(
                carol, new SubjectResolver.Account("id-carol", false, false, "carol@example.com", true, FlagState.ACTIVE),
                dan, new SubjectResolver.Account("id-dan", false, false, null, true, null),
                // found through the user API (a directory user never imported): its flag is looked up
                erin, new SubjectResolver.Account("id-erin", false, false, "erin@example.com"));
        Set<String> lookedUp = new java.util.HashSet<>();
        BatchPlanner planner = new BatchPlanner(subjects -> accounts, ids -> {
            lookedUp.addAll(ids);
            return Map.of("id-erin", FlagState.SUSPECTED);
        }, Map.of());

        List<PlannedSubject> plan = planner.plan(List.of(carol, dan, erin));

        assertEquals(Set.of("id-erin"), lookedUp);
        assertEquals(List.of(
                new PlannedSubject(carol, "id-carol", SubjectOutcome.ALREADY_FLAGGED, null, "carol@example.com"),
                new PlannedSubject(dan, "id-dan", SubjectOutcome.NEWLY_FLAGGED, null, null),
                new PlannedSubject(erin, "id-erin", SubjectOutcome.ESCALATED, null, "erin@example.com")), plan);
    }
}
