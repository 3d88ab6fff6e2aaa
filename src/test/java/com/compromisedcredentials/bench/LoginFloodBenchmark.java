package com.compromisedcredentials.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.TestRealm;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A flood of failed logins from random client addresses against one real Keycloak, into a realm with login signals
 * on and into an identical one with them off, in alternating phases, while one client measures the latency of
 * ordinary logins in a third realm (not a test).
 *
 * <p>The flood: password grants naming an existing account without a password, each from a random IPv4 address
 * ({@code X-Forwarded-For}, the server runs with {@code --proxy-headers=xforwarded}). Keycloak answers them without
 * hashing anything, so the flood is as fast as Keycloak can refuse logins: every one is a {@code LOGIN_ERROR}
 * ({@code invalid_user_credentials}) the listener sees, and nearly every one a new address bucket, the worst case for
 * the counters. The probe: password grants of a real user with its password, one at a time, back to back.
 *
 * <p>Phases: idle (probe only); then rounds of a flood into the realm without signals and one into the realm with
 * them (the order alternating, so that drift on a shared machine hits both alike); idle again. Keycloak's heap is read
 * from its {@code /metrics} after a full GC ({@code jcmd GC.run}) before and after the floods, and sampled (without GC)
 * every second during them; the queue's size likewise.
 *
 * <p>Arguments: flood events per mode, flood client threads, idle probe seconds, rounds.
 */
public final class LoginFloodBenchmark {

    private static final String PROBE_USER = "u01";

    private record Phase(String name, long events, double seconds, List<Long> probeNanos, long heapMaxSampled, int queueMax,
            long dropped, long counted) {
    }

    public static void main(String[] args) {
        Benchmarks.main(args, LoginFloodBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        try (KeycloakServer server = KeycloakServer.start()) {
            AdminApi admin = AdminApi.connect(server);
            String on = TestRealm.named("flood-on").users("u", 50).httpFromAnyAddress().create(admin);
            String off = TestRealm.named("flood-off").users("u", 50).httpFromAnyAddress().create(admin);
            String probe = TestRealm.named("probe").users("u", 1).create(admin);
            admin.setPolicy(on, Map.of("loginSignalsEnabled", "true"));
            admin.setPolicy(off, Map.of("loginSignalsEnabled", "false"));
            admin.setPolicy(probe, Map.of("loginSignalsEnabled", "true"));
            LoginFloodBenchmark bench = new LoginFloodBenchmark(server, admin, probe, threads);

            // both sides warmed up alike (the listener's path only runs in the realm with login signals on)
            List<Phase> warmUp = List.of(bench.flood(off, 5_000, "warm-up, signals off"), bench.flood(on, 5_000, "warm-up, signals on"),
                    bench.idle(10, "warm-up, idle"));
            long heapStart = bench.heapAfterGc();
            List<Phase> phases = new ArrayList<>();
            phases.add(bench.idle(idleSeconds, "idle"));
            int perPhase = events / rounds;
            for (int round = 1; round <= rounds; round++) {
                boolean onFirst = round % 2 == 0;
                for (boolean signals : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    phases.add(bench.flood(signals ? on : off, perPhase, "flood " + round + ", signals " + (signals ? "on" : "off")));
                }
            }
            long heapRightAfter = bench.heapAfterGc();
            bench.awaitDrained();
            long heapDrained = bench.heapAfterGc();
            phases.add(bench.idle(idleSeconds, "idle, after"));
            JsonNode stats = admin.get("/admin/realms/" + on + "/compromised-credentials/login-signals/stats").json();

            System.out.printf(Locale.ROOT, "%nLogin flood: %d events with login signals on and %d with them off, in %d alternating "
                    + "phases of %d, from random IPv4 addresses, %d flood threads; probe: password grants of one user of another "
                    + "realm, one at a time; login-signal intervals: %s%n", perPhase * rounds, perPhase * rounds, 2 * rounds, perPhase,
                    threads, Boolean.parseBoolean(System.getProperty("it.fastLoginSignals", "true"))
                            ? "the tests' (flush and detection every 1 s)" : "the defaults (flush every 5 s, detection every 10 s)");
            System.out.printf(Locale.ROOT, "%-26s %9s %8s %9s %7s %8s %8s %8s %10s %9s %9s%n", "phase", "events", "secs", "events/s",
                    "probes", "p50 ms", "p95 ms", "p99 ms", "heap max", "queue max", "dropped");
            for (Phase p : warmUp) {
                print(new Phase("(" + p.name() + ")", p.events(), p.seconds(), p.probeNanos(), p.heapMaxSampled(), p.queueMax(),
                        p.dropped(), p.counted()));
            }
            for (Phase p : phases) {
                print(p);
            }
            for (String mode : new String[] {"signals off", "signals on"}) {
                List<Phase> of = phases.stream().filter(p -> p.name().endsWith(mode)).toList();
                List<Long> probes = new ArrayList<>();
                of.forEach(p -> probes.addAll(p.probeNanos()));
                print(new Phase("all floods, " + mode, of.stream().mapToLong(Phase::events).sum(),
                        of.stream().mapToDouble(Phase::seconds).sum(), probes,
                        of.stream().mapToLong(Phase::heapMaxSampled).max().orElse(0), of.stream().mapToInt(Phase::queueMax).max().orElse(0),
                        of.stream().mapToLong(Phase::dropped).sum(), of.stream().mapToLong(Phase::counted).sum()));
            }
            System.out.printf(Locale.ROOT, "Keycloak heap after full GC: %.0f MB before the floods, %.0f MB right after them, "
                    + "%.0f MB once the queue was drained%n", heapStart / 1e6, heapRightAfter / 1e6, heapDrained / 1e6);
            System.out.printf(Locale.ROOT, "Counted in the database for the flooded realm (window of %d min): %d failed logins in "
                    + "%d address buckets; this node: %d logins seen, %d counted, %d dropped; active detections: %d%n",
                    stats.get("window").get("minutes").asLong(), stats.get("window").get("failedLogins").asLong(),
                    stats.get("window").get("addressBuckets").asLong(), stats.get("node").get("eventsSeen").asLong(),
                    stats.get("node").get("eventsCounted").asLong(), stats.get("node").get("eventsDropped").asLong(),
                    stats.get("activeDetections").asLong());
        }
    }

    private static void print(Phase p) {
        List<Long> sorted = new ArrayList<>(p.probeNanos());
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-26s %9d %8.1f %9.0f %7d %8.1f %8.1f %8.1f %9.0fM %9d %9d%n", p.name(), p.events(),
                p.seconds(), p.seconds() == 0 ? 0 : p.events() / p.seconds(), sorted.size(), pct(sorted, 50), pct(sorted, 95),
                pct(sorted, 99), p.heapMaxSampled() / 1e6, p.queueMax(), p.dropped());
    }

    private final KeycloakServer server;
    private final AdminApi admin;
    /** The probe's realm (login signals on, never flooded). */
    private final String realm;
    private final int threads;
    private final HttpClient floodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient probeClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient metricsClient = HttpClient.newHttpClient();

    private LoginFloodBenchmark(KeycloakServer server, AdminApi admin, String realm, int threads) {
        this.server = server;
        this.admin = admin;
        this.realm = realm;
        this.threads = threads;
    }

    private Phase idle(int seconds, String name) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> probes = Collections.synchronizedList(new ArrayList<>());
        Sampler sampler = new Sampler();
        Thread probe = probeThread(stop, probes);
        Thread sampling = sampler.start(stop);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        probe.join();
        sampling.join();
        return new Phase(name, 0, (System.nanoTime() - t0) / 1e9, probes, sampler.heapMax, sampler.queueMax, 0, 0);
    }

    private Phase flood(String floodRealm, int events, String name) throws Exception {
        JsonNode before = node();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> probes = Collections.synchronizedList(new ArrayList<>());
        Sampler sampler = new Sampler();
        Thread probe = probeThread(stop, probes);
        Thread sampling = sampler.start(stop);
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (sent.incrementAndGet() <= events) {
                    String address = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                            + (1 + random.nextInt(254));
                    String user = String.format("u%02d", 2 + random.nextInt(49));
                    HttpResponse<Void> response = floodClient.send(HttpRequest.newBuilder(URI.create(tokenUrl(floodRealm)))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Forwarded-For", address)
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + TestRealm.CLIENT_ID
                                    + "&username=" + user))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 401 && response.statusCode() != 400) {
                        throw new IllegalStateException("flood login answered " + response.statusCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        stop.set(true);
        probe.join();
        sampling.join();
        JsonNode after = node();
        return new Phase(name, events, seconds, probes, sampler.heapMax, sampler.queueMax,
                after.get("eventsDropped").asLong() - before.get("eventsDropped").asLong(),
                after.get("eventsCounted").asLong() - before.get("eventsCounted").asLong());
    }

    private Thread probeThread(AtomicBoolean stop, List<Long> probes) {
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                long t = System.nanoTime();
                try {
                    HttpResponse<Void> response = probeClient.send(HttpRequest.newBuilder(URI.create(tokenUrl(realm)))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + TestRealm.CLIENT_ID
                                    + "&username=" + PROBE_USER + "&password=" + PROBE_USER + "-Passw0rd"))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("probe login answered " + response.statusCode());
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                probes.add(System.nanoTime() - t);
            }
        }, "probe");
        thread.start();
        return thread;
    }

    /** Samples Keycloak's heap (no GC) and the login-signal queue every second. */
    private final class Sampler {
        volatile long heapMax;
        volatile int queueMax;

        Thread start(AtomicBoolean stop) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        String metrics = metrics();
                        heapMax = Math.max(heapMax, heapUsed(metrics));
                        queueMax = Math.max(queueMax, (int) gauge(metrics, "compromised_credentials_login_queue_size"));
                        Thread.sleep(1000);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "sampler");
            thread.start();
            return thread;
        }
    }

    private void awaitDrained() throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            if (node().get("queued").asInt() == 0) {
                Thread.sleep(3000); // the flush in progress
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the login-signal queue did not drain");
    }

    private JsonNode node() {
        return admin.get("/admin/realms/" + realm + "/compromised-credentials/login-signals/stats").json().get("node");
    }

    private long heapAfterGc() throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(server.javaPid()), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd GC.run failed for pid " + server.javaPid());
        }
        Thread.sleep(1000);
        return heapUsed(metrics());
    }

    private String metrics() throws IOException, InterruptedException {
        return metricsClient.send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long heapUsed(String metrics) {
        long sum = 0;
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+(\\S+)$").matcher(metrics);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    private String tokenUrl(String realm) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }
}
