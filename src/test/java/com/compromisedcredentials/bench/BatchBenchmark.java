package com.compromisedcredentials.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.Mailbox;
import com.compromisedcredentials.it.TestRealm;
import com.compromisedcredentials.it.UserRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A 100 000-subject batch through the extension's API vs the loop an admin would script against Keycloak's
 * own user API (find the user by email, add a required action), single-threaded and on four threads, on the same
 * real Keycloak (not a test), warm and side by side.
 *
 * <p>Setup: users are written straight into Keycloak's USER_ENTITY table (the admin API would take longer than the
 * benchmark itself); Keycloak reads them like any other. The extension's side submits them by email in batches of
 * 10 000 (the API's limit per request), with the realm's limits raised so that nothing is held and no batch is staged,
 * emails queued (and sent to an SMTP server in this JVM at the realm's default rate) and session revocation on, as in
 * production.
 *
 * <p>Fair: both sides are warmed up first, untimed, on users of their own — three batches of 10 000 through the extension,
 * {@code warmUp} baseline calls (Keycloak's admin user endpoints are several times slower for their first few
 * thousand calls after start). Then the sides alternate in rounds, each round one batch of 10 000 and a slice of each
 * baseline's sample, so that whatever else the machine does weighs on all sides alike. The baselines are projected
 * from their samples to the same size.
 *
 * <p>Arguments: users (100 000), baseline sample per baseline (2 000), baseline warm-up calls (5 000).
 */
public final class BatchBenchmark {

    private static final int PER_REQUEST = 10_000;
    private static final int THREADS = 4;
    /** The extension's warm-up: batches of 10 000 before anything is timed (the JIT compiles its paths over several). */
    private static final int WARM_UP_BATCHES = 3;

    public static void main(String[] args) {
        Benchmarks.main(args, BatchBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int rounds = Math.max(1, (users + PER_REQUEST - 1) / PER_REQUEST);
        // users: [0, users) the extension's; then its warm-up batch; then the baseline's warm-up, one sample, the other
        int ourWarmUp = users;
        int baselineWarmUp = ourWarmUp + WARM_UP_BATCHES * PER_REQUEST;
        int single = baselineWarmUp + warmUp;
        int threaded = single + sample;
        int total = threaded + sample;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (KeycloakServer server = KeycloakServer.start(); Mailbox mailbox = Mailbox.start()) {
            AdminApi admin = AdminApi.connect(server);
            String realm = TestRealm.named("bench-batch").smtp(mailbox.port()).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100",
                    "canaryThreshold", "10000000"));
            String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();

            long t0 = System.nanoTime();
            UserRows.insert(server, realmId, "bench", total);
            System.out.printf(Locale.ROOT, "setup: %d users written in %.1f s%n", total, seconds(t0));

            for (int b = 0; b < WARM_UP_BATCHES; b++) {
                t0 = System.nanoTime();
                submit(admin, realm, ourWarmUp + b * PER_REQUEST, ourWarmUp + (b + 1) * PER_REQUEST);
                System.out.printf(Locale.ROOT, "warm-up, untimed: the extension, batch %d of %d (%d users) in %.1f s%n", b + 1,
                        WARM_UP_BATCHES, PER_REQUEST, seconds(t0));
            }
            t0 = System.nanoTime();
            for (int i = baselineWarmUp; i < single; i++) {
                addRequiredAction(admin, realm, i);
                if ((i - baselineWarmUp + 1) % 1_000 == 0) {
                    double s = seconds(t0);
                    int done = i - baselineWarmUp + 1;
                    System.out.printf(Locale.ROOT, "warm-up, untimed: baseline %d of %d calls, %.0f s, about %.0f s left%n",
                            done, warmUp, s, s / done * (warmUp - done));
                }
            }

            double ours = 0, oneThread = 0, fourThreads = 0;
            int flagged = 0, perRound = (sample + rounds - 1) / rounds;
            for (int round = 0; round < rounds; round++) {
                int from = round * PER_REQUEST;
                long start = System.nanoTime();
                flagged += submit(admin, realm, from, Math.min(users, from + PER_REQUEST));
                ours += seconds(start);

                int a = single + round * perRound, b = Math.min(single + sample, a + perRound);
                start = System.nanoTime();
                for (int i = a; i < b; i++) {
                    addRequiredAction(admin, realm, i);
                }
                oneThread += seconds(start);

                int c = threaded + round * perRound, d = Math.min(threaded + sample, c + perRound);
                start = System.nanoTime();
                List<Future<?>> calls = new ArrayList<>();
                for (int i = c; i < d; i++) {
                    int user = i;
                    calls.add(pool.submit(() -> addRequiredAction(admin, realm, user)));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
                fourThreads += seconds(start);
                System.out.printf(Locale.ROOT, "round %d of %d: extension %.1f s so far, baselines %.1f s and %.1f s so far%n",
                        round + 1, rounds, ours, oneThread, fourThreads);
            }
            double ourRate = users / ours;
            double oneRate = sample / oneThread;
            double fourRate = sample / fourThreads;

            System.out.printf(Locale.ROOT, "%n%d-subject batch on %s, Keycloak 26.7.3, %d CPUs; both sides warmed up (the extension: "
                    + "%d batches of %d; the baseline: %d calls), then alternated in %d rounds%n", users, server.db(),
                    Runtime.getRuntime().availableProcessors(), WARM_UP_BATCHES, PER_REQUEST, warmUp, rounds);
            System.out.printf(Locale.ROOT, "%-52s %12s %14s%n", "", "users/s", "time for " + users);
            System.out.printf(Locale.ROOT, "%-52s %12.0f %12.1f s   (%d newly flagged)%n", "extension: POST /signals, 10 000 per request",
                    ourRate, ours, flagged);
            System.out.printf(Locale.ROOT, "%-52s %12.0f %12.1f s   (measured on %d, projected)%n",
                    "baseline: find by email + add required action", oneRate, users / oneRate, sample);
            System.out.printf(Locale.ROOT, "%-52s %12.0f %12.1f s   (measured on %d, projected)%n",
                    "baseline, 4 threads", fourRate, users / fourRate, sample);
            System.out.printf(Locale.ROOT, "%-52s %12.1fx   (goal: >= 50x, and < 10 s)%n", "speed-up vs the single-threaded loop",
                    ourRate / oneRate);
            System.out.printf(Locale.ROOT, "%-52s %12.1fx   (goal: >= 20x)%n", "speed-up vs the 4-threaded loop", ourRate / fourRate);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int submit(AdminApi admin, String realm, int from, int to) {
        List<Map<String, String>> subjects = new ArrayList<>();
        for (int i = from; i < to; i++) {
            subjects.add(Map.of("email", UserRows.email("bench", i)));
        }
        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                Map.of("source", "bench", "reason", "credential-leak", "subjects", subjects));
        if (reply.status() != 201 || !"APPLIED".equals(reply.json().get("state").asText())) {
            throw new IllegalStateException("batch failed: " + reply.status() + " " + reply.body().substring(0, Math.min(300, reply.body().length())));
        }
        return reply.json().get("newlyFlagged").asInt();
    }

    private static void addRequiredAction(AdminApi admin, String realm, int i) {
        JsonNode found = admin.get("/admin/realms/" + realm + "/users?exact=true&email=" + UserRows.email("bench", i)).json();
        ObjectNode user = (ObjectNode) found.get(0);
        user.putArray("requiredActions").add("UPDATE_PASSWORD");
        AdminApi.Reply updated = admin.put("/admin/realms/" + realm + "/users/" + user.get("id").asText(), user);
        if (updated.status() != 204) {
            throw new IllegalStateException("baseline update failed: " + updated);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
