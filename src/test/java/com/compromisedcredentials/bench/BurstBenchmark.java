package com.compromisedcredentials.bench;

import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Login latency while the outbox sends a burst of 10 000 emails, beside the same logins without it, on one
 * real Keycloak (not a test). The burst: 10 000 users flagged in one batch with emails on, sent to an SMTP
 * server in this JVM with the realm's email rate raised so that the dispatcher works flat out. Logins:
 * password grants of unflagged users from client threads; latency of each is recorded.
 *
 * <p>Arguments: seconds per phase, client threads, burst size.
 */
public final class BurstBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        try (KeycloakServer server = KeycloakServer.start(); Mailbox mailbox = Mailbox.start()) {
            AdminApi admin = AdminApi.connect(server);
            String realm = TestRealm.named("bench-burst").smtp(mailbox.port()).users("u", 20).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100",
                    "emailsPerMinute", "100000", "revokeSessions", "false"));
            importUsers(admin, realm, burst);

            latencies(admin, realm, threads, 10); // warm-up
            long[] quiet = latencies(admin, realm, threads, seconds);
            List<Map<String, String>> subjects = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                subjects.add(Map.of("username", "b" + i));
            }
            AdminApi.Reply flagged = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                    Map.of("source", "bench", "reason", "credential-leak", "subjects", subjects));
            if (flagged.status() != 201) {
                throw new IllegalStateException("burst batch failed: " + flagged.status());
            }
            int before = mailbox.all().size();
            long[] during = latencies(admin, realm, threads, seconds);
            int sentDuring = mailbox.all().size() - before;
            long[] after = latencies(admin, realm, threads, seconds);

            System.out.printf(Locale.ROOT, "%nLogin latency (password grants, %d threads) beside a burst of %d flagged emails%n", threads, burst);
            System.out.printf(Locale.ROOT, "%-34s %8s %10s %10s %10s%n", "phase", "logins", "p50 (ms)", "p99 (ms)", "max (ms)");
            print("no burst (before)", quiet);
            print("during the burst (" + sentDuring + " emails sent)", during);
            print("after it", after);
            System.out.printf(Locale.ROOT, "p99 during ÷ before: %.3f (goal: a burst never slows logins)%n",
                    percentile(during, 99) / (double) percentile(quiet, 99));
        }
    }

    private static void print(String phase, long[] micros) {
        System.out.printf(Locale.ROOT, "%-34s %8d %10.1f %10.1f %10.1f%n", phase, micros.length, percentile(micros, 50) / 1000.0,
                percentile(micros, 99) / 1000.0, micros[micros.length - 1] / 1000.0);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Users without passwords (they are only flagged), imported in one call. */
    private static void importUsers(AdminApi admin, String realm, int count) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(Map.of("username", "b" + i, "email", "b" + i + "@example.org", "emailVerified", true, "enabled", true,
                    "firstName", "B", "lastName", "N" + i));
        }
        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/partialImport", Map.of("ifResourceExists", "SKIP", "users", users));
        if (reply.status() != 200) {
            throw new IllegalStateException("import failed: " + reply);
        }
    }

    private static long[] latencies(AdminApi admin, String realm, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                int i = offset;
                while (System.nanoTime() < end) {
                    String user = String.format("u%02d", (i++ % 20) + 1);
                    long start = System.nanoTime();
                    AdminApi.Reply reply = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                            "grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", user, "password", user + "-Passw0rd"));
                    if (reply.status() != 200) {
                        throw new IllegalStateException("login failed: " + reply);
                    }
                    mine.add((System.nanoTime() - start) / 1_000);
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }
}
