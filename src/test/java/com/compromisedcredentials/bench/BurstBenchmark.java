package com.compromisedcredentials.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.Mailbox;
import com.compromisedcredentials.it.TestRealm;
import com.compromisedcredentials.it.UserRows;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Login latency while the email outbox sends a burst of "your account was flagged" emails ÷ the same logins
 * while it is idle, on one real Keycloak with PostgreSQL (not a test).
 *
 * <p>Set-up: one realm with {@link #LOGIN_USERS} ordinary users with passwords (created through the admin API,
 * never flagged) and {@code emails} users written straight into Keycloak's USER_ENTITY table (verified email, no
 * password: the admin API is far too slow for that many). The realm's policy lets a batch of that size through
 * (not held), does not revoke sessions and allows the most emails per minute the policy accepts, so that the
 * outbox sends as fast as its dispatcher can. The realm's SMTP server is {@link Mailbox} (GreenMail) in this JVM.
 *
 * <p>Logins: password grants (direct grant, the token endpoint) of the ordinary users through the public client,
 * from {@code threads} client threads in a loop, each request timed; their own HTTP client, apart from the
 * admin calls.
 *
 * <p>Phases: a warm-up; the baseline (outbox idle) for {@code baselineSeconds}; the burst: the batch of
 * {@code emails} subjects (by email) is submitted while the logins run, and they run until the mailbox has
 * received every email (or the timeout). The burst's length D is known only then, so the baseline it is
 * compared with is the last D seconds of the baseline phase: the same length, the same threads (the whole
 * phase, and a note, if the burst lasted longer). Then an optional round of D seconds after the burst, to
 * show drift. Everything runs on one machine: Keycloak, PostgreSQL, the SMTP server and the clients share
 * its CPUs.
 *
 * <p>Arguments: emails (10000), client threads (2), baseline seconds (600), timeout seconds for the burst
 * (1800), round after the burst (true).
 */
public final class BurstBenchmark {

    private static final int LOGIN_USERS = 20;
    private static final int MAX_SUBJECTS_PER_REQUEST = 10_000;
    private static final int WARM_UP_SECONDS = 20;

    public static void main(String[] args) {
        Benchmarks.main(args, BurstBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int emails = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int baselineSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        int timeoutSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 1800;
        boolean after = args.length <= 4 || Boolean.parseBoolean(args[4]);
        try (KeycloakServer server = KeycloakServer.start(); Mailbox mailbox = Mailbox.start()) {
            if (!server.db().equals("postgres")) {
                throw new IllegalStateException("This benchmark writes its users by JDBC: run it with -Dbench.db=postgres (bench/burst.sh)");
            }
            AdminApi admin = AdminApi.connect(server);
            AdminApi client = AdminApi.connect(server); // the timed logins: an HTTP client of their own
            String realm = TestRealm.named("bench-burst").smtp(mailbox.port()).users("u", LOGIN_USERS).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100",
                    "revokeSessions", "false", "emailsPerMinute", "100000", "canaryThreshold", "10000000"));
            JsonNode policy = admin.get("/admin/realms/" + realm + "/compromised-credentials/policy").json();
            String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
            progress("realm %s: %d login users; policy in force: emailsPerMinute=%s, maxFlagsPerHour=%s, "
                    + "maxFlagsPerDayPercent=%s, revokeSessions=%s, emailOnFlag=%s, emailRequireVerified=%s", realm, LOGIN_USERS,
                    setting(policy, "emailsPerMinute"), setting(policy, "maxFlagsPerHour"), setting(policy, "maxFlagsPerDayPercent"),
                    setting(policy, "revokeSessions"), setting(policy, "emailOnFlag"), setting(policy, "emailRequireVerified"));

            long t0 = System.nanoTime();
            UserRows.insert(server, realmId, "burst", emails);
            progress("%d users to flag written by JDBC in %.1f s", emails, seconds(System.nanoTime() - t0));

            progress("warm-up: %d s of logins, %d threads", WARM_UP_SECONDS, threads);
            Logins warmUp = Logins.start(client, realm, threads);
            waitPhase("warm-up", warmUp, System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L);
            warmUp.stop();

            // the baseline: the outbox has nothing to send
            Logins idle = Logins.start(client, realm, threads);
            long idleStart = System.nanoTime();
            long idleEnd = idleStart + baselineSeconds * 1_000_000_000L;
            progress("baseline: %d s of logins, outbox idle (mailbox holds %d)", baselineSeconds, mailbox.count());
            waitPhase("baseline", idle, idleEnd);
            List<Sample> idleSamples = idle.stop();

            // the burst: the batch is submitted while the logins run; they run until every email has arrived
            List<Map<String, String>> subjects = new ArrayList<>();
            for (int i = 0; i < emails; i++) {
                subjects.add(Map.of("email", email(i)));
            }
            long logOffset = Files.size(server.logFile());
            int mailsBefore = mailbox.count();
            Logins burst = Logins.start(client, realm, threads);
            long submitted = System.nanoTime();
            List<String> batchLines = new ArrayList<>();
            int newlyFlagged = 0;
            for (int from = 0; from < emails; from += MAX_SUBJECTS_PER_REQUEST) {
                List<Map<String, String>> part = subjects.subList(from, Math.min(emails, from + MAX_SUBJECTS_PER_REQUEST));
                progress("burst: submitting a batch of %d subjects (by email)", part.size());
                long t = System.nanoTime();
                AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                        Map.of("source", "bench-burst", "reason", "credential-leak", "subjects", part));
                if (reply.status() != 201 || !"APPLIED".equals(reply.json().path("state").asText())) {
                    burst.stop();
                    throw new IllegalStateException("the batch was not applied: HTTP " + reply.status() + " "
                            + reply.body().substring(0, Math.min(400, reply.body().length())));
                }
                JsonNode summary = reply.json();
                newlyFlagged += summary.path("newlyFlagged").asInt();
                String line = String.format(Locale.ROOT, "HTTP %d %s in %.1f s: %d received, %d matched, %d newly flagged, %d unmatched",
                        reply.status(), summary.path("state").asText(), seconds(System.nanoTime() - t), summary.path("received").asInt(),
                        summary.path("matched").asInt(), summary.path("newlyFlagged").asInt(), summary.path("unmatched").asInt());
                batchLines.add(line);
                progress("burst: batch %s", line);
            }
            long applied = System.nanoTime();
            if (newlyFlagged == 0) {
                burst.stop();
                throw new IllegalStateException("the batch flagged nobody: no email to wait for");
            }
            long deadline = submitted + timeoutSeconds * 1_000_000_000L;
            long firstMail = -1;
            long lastPrint = System.nanoTime();
            int delivered = 0;
            while (true) {
                long now = System.nanoTime();
                delivered = mailbox.count() - mailsBefore;
                if (delivered > 0 && firstMail < 0) {
                    firstMail = now;
                }
                if (delivered >= newlyFlagged || now >= deadline) {
                    break;
                }
                if (now - lastPrint >= 5_000_000_000L) {
                    lastPrint = now;
                    double rate = firstMail < 0 ? 0 : delivered / Math.max(0.001, seconds(now - firstMail));
                    progress("burst: %d/%d emails delivered, %.0f/s, %s left (timeout in %.0f s); %d logins, %d failed",
                            delivered, newlyFlagged, rate, rate > 0 ? String.format(Locale.ROOT, "~%.0f s", (newlyFlagged - delivered) / rate) : "?",
                            seconds(deadline - now), burst.ok.get(), burst.failed.get());
                }
                Thread.sleep(100);
            }
            long drained = System.nanoTime();
            List<Sample> burstSamples = burst.stop();
            boolean complete = delivered >= newlyFlagged;
            long burstNanos = drained - submitted;
            progress("burst: %s: %d/%d emails delivered %.1f s after the batch was submitted", complete ? "drained" : "TIMED OUT",
                    delivered, newlyFlagged, seconds(burstNanos));

            // the same length after the burst, to show drift
            List<Sample> afterSamples = List.of();
            long afterStart = 0;
            if (after) {
                Logins again = Logins.start(client, realm, threads);
                afterStart = System.nanoTime();
                progress("after the burst: %.0f s of logins, outbox idle again", seconds(burstNanos));
                waitPhase("after the burst", again, afterStart + burstNanos);
                afterSamples = again.stop();
            }

            // the report
            boolean baselineLongEnough = burstNanos <= idleEnd - idleStart;
            long baselineFrom = baselineLongEnough ? idleEnd - burstNanos : idleStart;
            Stats baseline = Stats.of(idleSamples, baselineFrom, idleEnd);
            Stats wholeBaseline = Stats.of(idleSamples, idleStart, idleEnd);
            Stats during = Stats.of(burstSamples, submitted, drained);
            Stats sending = Stats.of(burstSamples, applied, drained);
            Stats afterwards = after ? Stats.of(afterSamples, afterStart, afterStart + burstNanos) : null;

            System.out.printf(Locale.ROOT, "%nLogin latency during a burst of %d flagged emails ÷ without, Keycloak on %s, %d CPUs%n",
                    emails, server.db(), Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "password grants (token endpoint) of %d unflagged users, %d client threads; outbox dispatched "
                    + "every 1 s (the test servers' setting), emailsPerMinute %s; theme and template caches %s; SMTP: GreenMail in "
                    + "the benchmark's JVM%s%n",
                    LOGIN_USERS, threads, setting(policy, "emailsPerMinute"),
                    Boolean.getBoolean("it.themeCache") ? "on (Keycloak's default)" : "off (the tests' setting)",
                    System.getProperty("it.extraArgs", "").isBlank() ? "" : "; server options added: " + System.getProperty("it.extraArgs").trim());
            System.out.printf(Locale.ROOT, "the burst lasts from the batch's submission until the mailbox holds every email; the baseline "
                    + "it is compared with is the baseline phase's last seconds of the same length%n");
            System.out.printf(Locale.ROOT, "%n%-52s %8s %7s %6s %9s %9s %9s %9s%n", "phase", "window", "logins", "failed", "logins/s",
                    "p50 (ms)", "p99 (ms)", "max (ms)");
            print(String.format(Locale.ROOT, "baseline, outbox idle (%s)", baselineLongEnough
                    ? String.format(Locale.ROOT, "last %.0f s of %d s", seconds(burstNanos), baselineSeconds) : "whole phase"), baseline);
            print(String.format(Locale.ROOT, "burst: batch submitted -> %d emails delivered", delivered), during);
            print("  of which after the batch was applied (sending)", sending);
            if (afterwards != null) {
                print("after the burst, outbox idle again (drift)", afterwards);
            }
            print(String.format(Locale.ROOT, "(whole baseline phase, %d s)", baselineSeconds), wholeBaseline);

            System.out.printf(Locale.ROOT, "%np99 burst ÷ baseline: %.3f   (p50: %.3f, logins/s: %.3f)%n", during.p99 / baseline.p99,
                    during.p50 / baseline.p50, during.rate / baseline.rate);
            System.out.printf(Locale.ROOT, "p99 while sending ÷ baseline: %.3f%n", sending.p99 / baseline.p99);
            if (afterwards != null) {
                System.out.printf(Locale.ROOT, "p99 after ÷ baseline: %.3f (drift)%n", afterwards.p99 / baseline.p99);
            }
            if (!baselineLongEnough) {
                System.out.printf(Locale.ROOT, "NOTE: the burst (%.0f s) outlasted the baseline phase (%d s): the windows differ in length; "
                        + "rerun with more baseline seconds%n", seconds(burstNanos), baselineSeconds);
            }
            System.out.println();
            for (String line : batchLines) {
                System.out.println("batch: " + line);
            }
            System.out.printf(Locale.ROOT, "emails delivered: %d of %d (%s) in %.1f s after submission; first after %s; "
                    + "%.1f s from the batch's answer to the last one (%.0f emails/s)%n", delivered, newlyFlagged,
                    complete ? "all" : "TIMED OUT after " + timeoutSeconds + " s", seconds(burstNanos),
                    firstMail < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", seconds(firstMail - submitted)), seconds(drained - applied),
                    delivered / Math.max(0.001, seconds(drained - applied)));
            System.out.println("outbox (CC_OUTBOX): " + outbox(server));
            System.out.printf(Locale.ROOT, "Keycloak log during the burst: %s (%s)%n", logLevels(server.logFile(), logOffset), server.logFile());
            for (Stats s : List.of(baseline, during, wholeBaseline)) {
                if (!s.failures.isEmpty()) {
                    System.out.println("failed logins, e.g.: " + s.failures);
                    break;
                }
            }
        }
    }

    /** The logins of one phase: {@code threads} threads doing password grants until stopped, each one timed. */
    private static final class Logins {
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ConcurrentLinkedQueue<List<Sample>> done = new ConcurrentLinkedQueue<>();
        private final List<Thread> workers = new ArrayList<>();
        private volatile boolean stopped;

        static Logins start(AdminApi client, String realm, int threads) {
            Logins logins = new Logins();
            for (int t = 0; t < threads; t++) {
                int offset = t * (LOGIN_USERS / Math.max(1, threads));
                Thread worker = new Thread(() -> logins.loop(client, realm, offset), "login-" + t);
                logins.workers.add(worker);
                worker.start();
            }
            return logins;
        }

        private void loop(AdminApi client, String realm, int offset) {
            List<Sample> mine = new ArrayList<>();
            int i = offset;
            while (!stopped) {
                String user = String.format(Locale.ROOT, "u%02d", (i++ % LOGIN_USERS) + 1);
                long start = System.nanoTime();
                String failure;
                try {
                    AdminApi.Reply reply = client.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                            "grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", user, "password", user + "-Passw0rd"));
                    failure = reply.status() == 200 ? null : "HTTP " + reply.status() + " " + reply.body();
                } catch (RuntimeException | AssertionError e) {
                    failure = e.toString().lines().findFirst().orElse("");
                }
                mine.add(new Sample(start, System.nanoTime() - start, failure));
                (failure == null ? ok : failed).incrementAndGet();
            }
            done.add(mine);
        }

        List<Sample> stop() throws InterruptedException {
            stopped = true;
            for (Thread worker : workers) {
                worker.join();
            }
            List<Sample> all = new ArrayList<>();
            done.forEach(all::addAll);
            return all;
        }
    }

    /** One login: when it started, how long it took, and why it failed (null: it did not). */
    private record Sample(long start, long nanos, String failure) {
    }

    /** The logins that started within a window. */
    private record Stats(double seconds, int logins, int failed, double rate, double p50, double p99, double max, List<String> failures) {

        static Stats of(List<Sample> samples, long from, long to) {
            List<Sample> in = samples.stream().filter(s -> s.start() >= from && s.start() < to).toList();
            long[] ok = in.stream().filter(s -> s.failure() == null).mapToLong(Sample::nanos).sorted().toArray();
            List<String> failures = in.stream().filter(s -> s.failure() != null).map(Sample::failure).distinct().limit(3).toList();
            double seconds = BurstBenchmark.seconds(to - from);
            return new Stats(seconds, in.size(), in.size() - ok.length, ok.length / seconds, millis(percentile(ok, 50)),
                    millis(percentile(ok, 99)), ok.length == 0 ? Double.NaN : millis(ok[ok.length - 1]), failures);
        }

        private static long percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return -1;
            }
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
        }

        private static double millis(long nanos) {
            return nanos < 0 ? Double.NaN : nanos / 1e6;
        }
    }

    private static void print(String phase, Stats s) {
        System.out.printf(Locale.ROOT, "%-52s %6.1f s %7d %6d %9.2f %9.1f %9.1f %9.1f%n", phase, s.seconds, s.logins, s.failed, s.rate,
                s.p50, s.p99, s.max);
    }

    /** Waits until {@code end}, saying every 10 s how far the phase is. */
    private static void waitPhase(String name, Logins logins, long end) throws InterruptedException {
        long lastPrint = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            if (now - lastPrint >= 10_000_000_000L) {
                lastPrint = now;
                progress("%s: %.0f s left; %d logins, %d failed", name, seconds(end - now), logins.ok.get(), logins.failed.get());
            }
            Thread.sleep(Math.min(200, Math.max(1, (end - now) / 1_000_000)));
        }
    }

    private static String email(int i) {
        return UserRows.email("burst", i);
    }

    /** The outbox's rows by state, the most attempts any took, and the busiest second by SENT_AT. */
    private static String outbox(KeycloakServer server) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), server.jdbcPassword());
                Statement s = c.createStatement()) {
            Map<String, Integer> states = new LinkedHashMap<>();
            int maxAttempts = 0;
            try (ResultSet rs = s.executeQuery("SELECT STATE, COUNT(*), MAX(ATTEMPTS) FROM CC_OUTBOX GROUP BY STATE ORDER BY STATE")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getInt(2));
                    maxAttempts = Math.max(maxAttempts, rs.getInt(3));
                }
            }
            String busiest = "-";
            try (ResultSet rs = s.executeQuery("SELECT SENT_AT / 1000, COUNT(*) FROM CC_OUTBOX WHERE STATE = 'SENT' "
                    + "GROUP BY SENT_AT / 1000 ORDER BY 2 DESC LIMIT 1")) {
                if (rs.next()) {
                    busiest = rs.getInt(2) + " sent";
                }
            }
            String spread = "-";
            try (ResultSet rs = s.executeQuery("SELECT MIN(SENT_AT), MAX(SENT_AT), COUNT(*) FROM CC_OUTBOX WHERE STATE = 'SENT'")) {
                if (rs.next() && rs.getInt(3) > 0) {
                    spread = String.format(Locale.ROOT, "%.1f s", (rs.getLong(2) - rs.getLong(1)) / 1000.0);
                }
            }
            return states + ", most attempts for one email: " + maxAttempts + ", busiest second: " + busiest
                    + ", first to last SENT_AT: " + spread;
        } catch (Exception e) {
            return "(could not read: " + e.getMessage() + ")";
        }
    }

    /** How many WARN and ERROR lines Keycloak logged after {@code offset}. */
    private static String logLevels(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            String since = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    java.nio.charset.StandardCharsets.UTF_8);
            long warn = since.lines().filter(l -> l.contains(" WARN ")).count();
            long error = since.lines().filter(l -> l.contains(" ERROR ")).count();
            return warn + " WARN, " + error + " ERROR lines";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(JsonNode policy, String key) {
        JsonNode value = policy.path(key);
        if (value.isMissingNode()) {
            value = policy.path("settings").path(key);
        }
        return value.isMissingNode() ? "?" : value.asText();
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[burst] " + format + "%n", args);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
