package com.compromisedcredentials.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.Mailbox;
import com.compromisedcredentials.it.TestRealm;
import com.compromisedcredentials.it.UserRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A 100 000-subject batch through the extension's API vs the loop an admin would script against Keycloak's
 * own user API (find the user by email, add a required action), on the same real Keycloak (not a test).
 *
 * <p>Setup: {@code users} users are written straight into Keycloak's USER_ENTITY table (the admin API would
 * take longer than the benchmark itself); Keycloak reads them like any other. The extension's run submits
 * them by email in batches of 10 000 (the API's limit per request), with the realm's limits raised so that
 * nothing is held, emails queued (and sent to an SMTP server in this JVM at the realm's default rate) and
 * session revocation on, as in production. The baseline runs the
 * scripted loop, single-threaded, over {@code baselineSample} other users and is projected to the same size.
 *
 * <p>Arguments: users, baseline sample.
 */
public final class BatchBenchmark {

    public static void main(String[] args) {
        Benchmarks.main(args, BatchBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        try (KeycloakServer server = KeycloakServer.start(); Mailbox mailbox = Mailbox.start()) {
            AdminApi admin = AdminApi.connect(server);
            // a real SMTP server: the flagged emails flow in the background at the realm's rate, as in production
            String realm = TestRealm.named("bench-batch").smtp(mailbox.port()).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100"));
            String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();

            long t0 = System.nanoTime();
            UserRows.insert(server, realmId, "bench", users + sample);
            System.out.printf(Locale.ROOT, "setup: %d users written in %.1f s%n", users + sample, (System.nanoTime() - t0) / 1e9);

            // the extension: batches of 10 000 subjects by email
            long start = System.nanoTime();
            int flagged = 0;
            for (int from = 0; from < users; from += 10_000) {
                List<Map<String, String>> subjects = new ArrayList<>();
                for (int i = from; i < Math.min(users, from + 10_000); i++) {
                    subjects.add(Map.of("email", email(i)));
                }
                AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                        Map.of("source", "bench", "reason", "credential-leak", "subjects", subjects));
                if (reply.status() != 201 || !"APPLIED".equals(reply.json().get("state").asText())) {
                    throw new IllegalStateException("batch failed: " + reply.status() + " " + reply.body().substring(0, Math.min(300, reply.body().length())));
                }
                flagged += reply.json().get("newlyFlagged").asInt();
            }
            double ours = (System.nanoTime() - start) / 1e9;

            // the baseline: the loop an admin would script against Keycloak's user API
            long baselineStart = System.nanoTime();
            for (int i = users; i < users + sample; i++) {
                JsonNode found = admin.get("/admin/realms/" + realm + "/users?exact=true&email=" + email(i)).json();
                ObjectNode user = (ObjectNode) found.get(0);
                user.putArray("requiredActions").add("UPDATE_PASSWORD");
                AdminApi.Reply updated = admin.put("/admin/realms/" + realm + "/users/" + user.get("id").asText(), user);
                if (updated.status() != 204) {
                    throw new IllegalStateException("baseline update failed: " + updated);
                }
            }
            double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
            double baselineRate = sample / baselineSeconds;
            double ourRate = users / ours;

            System.out.printf(Locale.ROOT, "%n%d-subject batch on %s, Keycloak 26.7.3, 2 CPUs%n", users, server.db());
            System.out.printf(Locale.ROOT, "%-52s %12s %14s%n", "", "users/s", "time for " + users);
            System.out.printf(Locale.ROOT, "%-52s %12.0f %12.1f s   (%d newly flagged)%n", "extension: POST /signals, 10 000 per request",
                    ourRate, ours, flagged);
            System.out.printf(Locale.ROOT, "%-52s %12.0f %12.1f s   (measured on %d, projected)%n",
                    "baseline: find by email + add required action", baselineRate, users / baselineRate, sample);
            System.out.printf(Locale.ROOT, "%-52s %12.1fx   (goal: >= 50x and < 20 s)%n", "speed-up", ourRate / baselineRate);
        }
    }

    private static String email(int i) {
        return UserRows.email("bench", i);
    }
}
