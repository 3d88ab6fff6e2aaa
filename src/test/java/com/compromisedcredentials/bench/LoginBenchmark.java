package com.compromisedcredentials.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.TestRealm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Login throughput with the extension's checks on ÷ off, side by side on one real Keycloak (not a test).
 *
 * <p>Two realms on the same server, identical but for the extension: "with" has the required action
 * enabled (its trigger runs at every login), the event listener, and the compromised-credentials-check
 * authenticator after the password in its direct-grant flow (breach check at login as given); "without"
 * has the required action disabled, no listener and the stock flow. Password grants of unflagged users,
 * from several client threads, in alternating rounds so that drift hits both sides alike.
 *
 * <p>Arguments: rounds, seconds per round, client threads, breach check at login (true/false).
 */
public final class LoginBenchmark {

    private static final int WARM_UP_ROUNDS = 6;
    private static final int WARM_UP_SECONDS = 15;

    public static void main(String[] args) {
        Benchmarks.main(args, LoginBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean breachCheck = args.length > 3 && Boolean.parseBoolean(args[3]);
        try (KeycloakServer server = KeycloakServer.start()) {
            AdminApi admin = AdminApi.connect(server);
            String with = TestRealm.named("bench-with").users("u", 20).create(admin);
            String without = TestRealm.named("bench-without").users("u", 20).create(admin);
            configureWith(admin, with, breachCheck);
            configureWithout(admin, without);

            warmUp(admin, with, without, threads);
            System.out.printf(Locale.ROOT, "%nLogin throughput (password grants of unflagged users), %d rounds x %d s, %d threads, breach check at login: %s%n",
                    rounds, seconds, threads, breachCheck);
            System.out.printf(Locale.ROOT, "%-6s %14s %14s %8s%n", "round", "with (/s)", "without (/s)", "ratio");
            double sumWith = 0, sumWithout = 0;
            for (int round = 1; round <= rounds; round++) {
                double[] rates = round(admin, with, without, threads, seconds, round);
                double w = rates[0];
                double wo = rates[1];
                sumWith += w;
                sumWithout += wo;
                System.out.printf(Locale.ROOT, "%-6d %14.2f %14.2f %8.4f%n", round, w, wo, w / wo);
            }
            System.out.printf(Locale.ROOT, "%-6s %14.2f %14.2f %8.4f   (goal: >= 0.99)%n", "mean", sumWith / rounds,
                    sumWithout / rounds, sumWith / sumWithout);
        }
    }

    private static void configureWith(AdminApi admin, String realm, boolean breachCheck) {
        admin.setPolicy(realm, Map.of("breachCheckAtLogin", String.valueOf(breachCheck)));
        addCheckToDirectGrant(admin, realm);
    }

    /** A copy of the direct-grant flow with the compromised-credentials-check after the password, made the realm's. */
    static void addCheckToDirectGrant(AdminApi admin, String realm) {
        check(admin.post("/admin/realms/" + realm + "/authentication/flows/direct%20grant/copy", Map.of("newName", "dg-check")), 201);
        String flows = "/admin/realms/" + realm + "/authentication/flows/dg-check/executions";
        check(admin.post(flows + "/execution", Map.of("provider", "compromised-credentials-check")), 201);
        for (JsonNode execution : admin.get(flows).json()) {
            if ("compromised-credentials-check".equals(execution.path("providerId").asText())) {
                ((ObjectNode) execution).put("requirement", "REQUIRED");
                admin.put(flows, execution);
            }
        }
        check(admin.put("/admin/realms/" + realm, Map.of("directGrantFlow", "dg-check")), 204);
    }

    private static void configureWithout(AdminApi admin, String realm) {
        String action = "/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET";
        ObjectNode rep = (ObjectNode) admin.get(action).json();
        rep.put("enabled", false);
        check(admin.put(action, rep), 204);
        ObjectNode events = (ObjectNode) admin.get("/admin/realms/" + realm + "/events/config").json();
        events.putArray("eventsListeners").add("jboss-logging");
        check(admin.put("/admin/realms/" + realm + "/events/config", events), 204);
    }

    /**
     * Both realms' logins warmed up alike before anything is timed, printed: six alternating rounds of 15 s (three of
     * 10 s, one realm always first, left the first timed rounds of a 10-round run still warming up, 0.88–0.93).
     */
    private static void warmUp(AdminApi admin, String with, String without, int threads) throws Exception {
        StringBuilder printed = new StringBuilder();
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            double[] rates = round(admin, with, without, threads, WARM_UP_SECONDS, round);
            printed.append(String.format(Locale.ROOT, "%s%.1f / %.1f", round == 1 ? "" : ", ", rates[0], rates[1]));
        }
        System.out.printf(Locale.ROOT, "warm-up (not compared): %d alternating rounds of %d s per realm, with / without logins/s: %s%n",
                WARM_UP_ROUNDS, WARM_UP_SECONDS, printed);
    }

    /** One round of both realms, the one going first alternating with the round's number: {with, without} logins/s. */
    private static double[] round(AdminApi admin, String with, String without, int threads, int seconds, int round)
            throws Exception {
        boolean withFirst = round % 2 == 1;
        double first = rate(admin, withFirst ? with : without, threads, seconds);
        double second = rate(admin, withFirst ? without : with, threads, seconds);
        return withFirst ? new double[] {first, second} : new double[] {second, first};
    }

    private static double rate(AdminApi admin, String realm, int threads, int seconds) throws Exception {
        return rate(admin, realm, threads, seconds, null, user -> user + "-Passw0rd");
    }

    /**
     * Password grants per second of users {@code u01..u20} over {@code seconds} on {@code threads} client threads, cut
     * short when {@code stop} (if any) is set.
     */
    static double rate(AdminApi admin, String realm, int threads, int seconds, AtomicBoolean stop,
            UnaryOperator<String> passwordOf) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                int i = offset;
                while (System.nanoTime() < end && (stop == null || !stop.get())) {
                    String user = String.format("u%02d", (i++ % 20) + 1);
                    AdminApi.Reply reply = admin.form("/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                            "grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", user,
                            "password", passwordOf.apply(user)));
                    if (reply.status() != 200) {
                        throw new IllegalStateException("login failed: " + reply);
                    }
                    ok.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return ok.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void check(AdminApi.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + reply);
        }
    }
}
