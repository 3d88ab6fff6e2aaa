package com.compromisedcredentials.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.TestRealm;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Verify before forcing, measured on one real Keycloak (not a test), in one run:
 * <ol>
 * <li>{@code immediate}: a batch of plaintext candidates checked in the background against the accounts' stored
 * passwords (Keycloak's own credential check, one hash each), timed from the request to the last verdict, while
 * password logins run in another realm; their throughput during the job ÷ idle, measured before and after it.</li>
 * <li>{@code at-login}: the cost of a password login whose user has a SUSPECTED flag (the typed password is compared
 * with the leaked one, the suspicion ends) ÷ a login of a user without one, alternating one of each.</li>
 * </ol>
 * Both sides of each comparison are warmed up first (logins in both realms, a small immediate job). Stored passwords
 * are imported as Keycloak stores them, with the algorithm and iterations given, so that the realm is made without
 * hashing a password per account; every account's current password is the same, and a share of the candidates carry
 * it (the rest an old one), as in a combolist where most passwords have since been changed.
 *
 * <p>Arguments: candidates (10000), share matching in % (10), algorithm (pbkdf2-sha256), iterations (27500),
 * login threads (2), logins per side at login (300).
 */
public final class LeakBenchmark {

    private static final String CURRENT = "Current-Passw0rd";
    private static final int WINDOW_SECONDS = 15;
    private static final int WARM_UP_SECONDS = 90;

    public static void main(String[] args) {
        Benchmarks.main(args, LeakBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int matchPercent = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String algorithm = args.length > 2 ? args[2] : "pbkdf2-sha256";
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 27_500;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int atLoginSamples = args.length > 5 ? Integer.parseInt(args[5]) : 300;
        String secretData = secretData(algorithm, iterations);
        String credentialData = "{\"hashIterations\":" + iterations + ",\"algorithm\":\"" + algorithm + "\",\"additionalParameters\":{}}";

        try (KeycloakServer server = KeycloakServer.start()) {
            AdminApi admin = AdminApi.connect(server);
            String logins = TestRealm.named("bench-logins").accounts("u", 20, 2, secretData, credentialData).create(admin);
            long made = System.nanoTime();
            String warm = leakRealm(admin, "bench-leak-warm", 200, secretData, credentialData);
            String realm = leakRealm(admin, "bench-leak", candidates, secretData, credentialData);
            progress("realms of %d + 200 accounts made in %.0f s", candidates, (System.nanoTime() - made) / 1e9);

            // warm-up: logins, and an immediate job of 200 candidates, untimed
            // Keycloak's login path is slower for its first thousands of calls (JIT): warm it well, then check it is
            // warm by the idle window after the job as well as before it
            double warmRate = rate(admin, logins, threads, WARM_UP_SECONDS, null);
            long warmJob = immediateJob(admin, warm, 200, matchPercent, null);
            progress("warm-up done: logins for %d s on %d threads (%.1f/s), an immediate job of 200 candidates (%.1f s)",
                    WARM_UP_SECONDS, threads, warmRate, warmJob / 1e9);

            double idleBefore = rate(admin, logins, threads, WINDOW_SECONDS, null);
            AtomicBoolean done = new AtomicBoolean();
            List<Double> during = new ArrayList<>();
            ExecutorService loginLoad = Executors.newSingleThreadExecutor();
            Future<?> load = loginLoad.submit(() -> {
                while (!done.get()) {
                    double r = rate(admin, logins, threads, WINDOW_SECONDS, done);
                    if (!done.get()) {
                        during.add(r); // only whole windows spent entirely during the job
                    }
                }
                return null;
            });
            long jobNanos = immediateJob(admin, realm, candidates, matchPercent, done);
            load.get();
            loginLoad.shutdown();
            double idleAfter = rate(admin, logins, threads, WINDOW_SECONDS, null);

            double idle = (idleBefore + idleAfter) / 2;
            double busy = during.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%nimmediate: %d plaintext candidates (%d%% current), stored as %s with %d iterations, "
                    + "1 checking thread (the default), while %d client threads log in to another realm%n",
                    candidates, matchPercent, algorithm, iterations, threads);
            System.out.printf(Locale.ROOT, "  job: %.1f s from the request to the last verdict = %.1f candidates/s%n",
                    jobNanos / 1e9, candidates / (jobNanos / 1e9));
            System.out.printf(Locale.ROOT, "  logins/s: idle %.1f (before %.1f, after %.1f) | during the job %.1f (%d windows of %d s) | during ÷ idle %.3f%n",
                    idle, idleBefore, idleAfter, busy, during.size(), WINDOW_SECONDS, busy / idle);

            atLogin(admin, secretData, credentialData, atLoginSamples);
        }
    }

    /** A realm of {@code count} accounts whose flows compare the password at login, its policy set for the benchmark. */
    private static String leakRealm(AdminApi admin, String name, int count, String secretData, String credentialData) {
        String realm = TestRealm.named(name).accounts("c", count, 5, secretData, credentialData).create(admin);
        admin.setPolicy(realm, Map.of("leakVerification", "immediate", "emailOnFlag", "false", "revokeSessions", "false",
                "maxFlagsPerHour", "1000000", "maxFlagsPerDayPercent", "100", "canaryThreshold", "10000000"));
        return realm;
    }

    /** Posts one batch of {@code count} plaintext candidates and waits for its last verdict; the nanoseconds it took. */
    private static long immediateJob(AdminApi admin, String realm, int count, int matchPercent, AtomicBoolean done) {
        List<Map<String, String>> subjects = new ArrayList<>(count);
        int matching = count * matchPercent / 100;
        for (int i = 1; i <= count; i++) {
            subjects.add(Map.of("username", String.format("c%05d", i), "password", i <= matching ? CURRENT : "Old-Passw0rd-" + i));
        }
        String base = "/admin/realms/" + realm + "/compromised-credentials";
        long start = System.nanoTime();
        AdminApi.Reply reply = admin.post(base + "/signals", Map.of("source", "combolist", "reason", "credential-leak", "subjects", subjects));
        if (reply.status() != 201) {
            throw new IllegalStateException("the batch was not taken: " + reply);
        }
        String batch = base + "/batches/" + reply.json().get("batchId").asText();
        long lastReport = System.nanoTime();
        while (true) {
            JsonNode progress = admin.get(batch).json();
            int confirmed = progress.path("confirmed").asInt();
            int dismissed = progress.path("dismissed").asInt();
            if (confirmed + dismissed >= count) {
                long took = System.nanoTime() - start;
                if (done != null) {
                    done.set(true);
                }
                if (confirmed != matching || dismissed != count - matching) {
                    throw new IllegalStateException("expected " + matching + " confirmed: " + progress);
                }
                return took;
            }
            if (System.nanoTime() - lastReport > 30_000_000_000L) {
                lastReport = System.nanoTime();
                double elapsed = (lastReport - start) / 1e9;
                int checked = confirmed + dismissed + progress.path("awaitingGuard").asInt();
                progress("immediate job: %d of %d checked after %.0f s, about %.0f s left", checked, count, elapsed,
                        checked == 0 ? Double.NaN : elapsed * (count - checked) / checked);
            }
            sleep(250);
        }
    }

    /** Logins of a user with a SUSPECTED flag (the password differs from the leaked one) vs one without, alternating. */
    private static void atLogin(AdminApi admin, String secretData, String credentialData, int samples) {
        int warmUp = 50;
        int users = samples + warmUp;
        String realm = TestRealm.named("bench-at-login").accounts("s", users, 5, secretData, credentialData)
                .accounts("n", users, 5, secretData, credentialData).create(admin);
        LoginBenchmark.addCheckToDirectGrant(admin, realm);
        admin.setPolicy(realm, Map.of("leakVerification", "at-login", "maxFlagsPerHour", "1000000", "maxFlagsPerDayPercent", "100",
                "canaryThreshold", "10000000"));
        List<Map<String, String>> subjects = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            subjects.add(Map.of("username", String.format("s%05d", i), "passwordSha1", sha1("Old-Passw0rd-" + i)));
        }
        JsonNode batch = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of("source", "combolist",
                "reason", "credential-leak", "subjects", subjects)).json();
        if (batch.path("suspected").asInt() != users) {
            throw new IllegalStateException("expected " + users + " suspected: " + batch);
        }
        long[] suspected = new long[samples];
        long[] plain = new long[samples];
        for (int i = 1; i <= users; i++) {
            boolean suspectedFirst = i % 2 == 1;
            long a = login(admin, realm, String.format(suspectedFirst ? "s%05d" : "n%05d", i));
            long b = login(admin, realm, String.format(suspectedFirst ? "n%05d" : "s%05d", i));
            if (i > warmUp) {
                suspected[i - warmUp - 1] = suspectedFirst ? a : b;
                plain[i - warmUp - 1] = suspectedFirst ? b : a;
            }
        }
        JsonNode after = admin.get("/admin/realms/" + realm + "/compromised-credentials/batches/" + batch.get("batchId").asText()).json();
        if (after.path("dismissed").asInt() != users) {
            throw new IllegalStateException("every suspicion should have ended password-differs: " + after);
        }
        System.out.printf(Locale.ROOT, "%nat-login: password grants through the check, %d of each after %d warm-up of each, alternating, 1 client thread%n",
                samples, warmUp);
        System.out.printf(Locale.ROOT, "  %-34s %10s %10s %10s%n", "", "mean ms", "p50 ms", "p99 ms");
        System.out.printf(Locale.ROOT, "  %-34s %10.2f %10.2f %10.2f%n", "with a SUSPECTED flag (it ends)", mean(suspected), pct(suspected, 50), pct(suspected, 99));
        System.out.printf(Locale.ROOT, "  %-34s %10.2f %10.2f %10.2f%n", "without a flag", mean(plain), pct(plain, 50), pct(plain, 99));
        System.out.printf(Locale.ROOT, "  suspected ÷ without: mean %.3f, p50 %.3f%n", mean(suspected) / mean(plain), pct(suspected, 50) / pct(plain, 50));
    }

    private static long login(AdminApi admin, String realm, String user) {
        long start = System.nanoTime();
        AdminApi.Reply reply = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", TestRealm.CLIENT_ID, "username", user, "password", CURRENT));
        long took = System.nanoTime() - start;
        if (reply.status() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + reply);
        }
        return took;
    }

    private static double rate(AdminApi admin, String realm, int threads, int seconds, AtomicBoolean stop) throws Exception {
        return LoginBenchmark.rate(admin, realm, threads, seconds, stop, user -> CURRENT);
    }

    /** The stored form of {@link #CURRENT} as Keycloak's PBKDF2 provider writes it (512-bit derived key). */
    private static String secretData(String algorithm, int iterations) throws Exception {
        String jca = switch (algorithm) {
            case "pbkdf2-sha256" -> "PBKDF2WithHmacSHA256";
            case "pbkdf2-sha512" -> "PBKDF2WithHmacSHA512";
            case "pbkdf2" -> "PBKDF2WithHmacSHA1";
            default -> throw new IllegalArgumentException("not a PBKDF2 algorithm of Keycloak: " + algorithm);
        };
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 7);
        byte[] hash = SecretKeyFactory.getInstance(jca)
                .generateSecret(new PBEKeySpec(CURRENT.toCharArray(), salt, iterations, 512)).getEncoded();
        return "{\"value\":\"" + Base64.getEncoder().encodeToString(hash) + "\",\"salt\":\""
                + Base64.getEncoder().encodeToString(salt) + "\",\"additionalParameters\":{}}";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
