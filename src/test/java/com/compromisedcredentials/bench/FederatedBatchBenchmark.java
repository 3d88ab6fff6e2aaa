package com.compromisedcredentials.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.compromisedcredentials.it.AdminApi;
import com.compromisedcredentials.it.KeycloakServer;
import com.compromisedcredentials.it.Mailbox;
import com.compromisedcredentials.it.Slapd;
import com.compromisedcredentials.it.TestRealm;
import com.compromisedcredentials.it.UserRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The 100 000-subject batch in a realm whose users mostly come from a directory: a real OpenLDAP (slapd, on loopback)
 * federated WRITABLE, most of its people imported into Keycloak's database as a realm with import on holds them after
 * their first login or a sync, the rest local. The extension is warmed up first, untimed, with three batches of 10 000
 * local users of its own. Then a batch of directory users Keycloak has never seen (not imported:
 * each is looked up in the directory and imported, as Keycloak's own user search does). The baseline is the admin's
 * scripted loop over imported directory users (find by email, add the required action), after an untimed warm-up on
 * other users, projected to the same size.
 *
 * <p>Arguments: subjects (100 000), percent of them from the directory (80), not-imported subjects (1 000), baseline
 * warm-up calls (1 000), baseline sample (2 000).
 */
public final class FederatedBatchBenchmark {

    /** The extension's warm-up before it is timed: batches of 10 000 local users of its own. */
    private static final int WARM_UP_BATCHES = 3;

    public static void main(String[] args) {
        Benchmarks.main(args, FederatedBatchBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int subjects = arg(args, 0, 100_000);
        int percent = arg(args, 1, 80);
        int notImported = arg(args, 2, 1_000);
        int warmUp = arg(args, 3, 1_000);
        int sample = arg(args, 4, 2_000);
        int federated = subjects * percent / 100;
        int local = subjects - federated;
        int imported = federated + warmUp + sample;
        try (KeycloakServer server = KeycloakServer.start(); Mailbox mailbox = Mailbox.start(); Slapd slapd = Slapd.start()) {
            AdminApi admin = AdminApi.connect(server);
            String realm = TestRealm.named("bench-federated").smtp(mailbox.port()).create(admin);
            admin.setPolicy(realm, Map.of("maxFlagsPerHour", "10000000", "maxFlagsPerDayPercent", "100",
                    "canaryThreshold", "10000000"));
            String realmId = admin.get("/admin/realms/" + realm).json().get("id").asText();
            AdminApi.Reply made = admin.post("/admin/realms/" + realm + "/components", Map.of("name", "directory",
                    "providerId", "ldap", "providerType", "org.keycloak.storage.UserStorageProvider", "parentId", realmId,
                    "config", federation(slapd)));
            if (made.status() != 201) {
                throw new IllegalStateException("federation not created: " + made);
            }
            String federationId = made.location().substring(made.location().lastIndexOf('/') + 1);

            long t0 = System.nanoTime();
            slapd.addPeople("fed", imported + notImported);
            System.out.printf(Locale.ROOT, "setup: %d people in the directory in %.1f s%n", imported + notImported, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            UserRows.insertFederated(server, realmId, "fed", imported, federationId, Slapd.PEOPLE);
            UserRows.insert(server, realmId, "loc", local);
            UserRows.insert(server, realmId, "wrm", WARM_UP_BATCHES * 10_000);
            System.out.printf(Locale.ROOT, "setup: %d directory users imported, %d local users written in %.1f s%n", imported, local,
                    (System.nanoTime() - t0) / 1e9);

            // the extension: 10 000 subjects per request, by email, directory and local users mixed in every request
            List<String> emails = new ArrayList<>(subjects);
            for (int f = 0, l = 0; f < federated || l < local; ) {
                if (f < federated && (l >= local || (long) f * local <= (long) l * federated)) {
                    emails.add(UserRows.email("fed", f++));
                } else {
                    emails.add(UserRows.email("loc", l++));
                }
            }
            // the extension's warm-up, untimed, on local users of its own (the JIT compiles its paths over several batches)
            for (int b = 0; b < WARM_UP_BATCHES; b++) {
                List<String> warm = new ArrayList<>();
                for (int i = b * 10_000; i < (b + 1) * 10_000; i++) {
                    warm.add(UserRows.email("wrm", i));
                }
                long w = System.nanoTime();
                submit(admin, realm, warm, 10_000);
                System.out.printf(Locale.ROOT, "warm-up, untimed: the extension, batch %d of %d (10000 local users) in %.1f s%n", b + 1,
                        WARM_UP_BATCHES, (System.nanoTime() - w) / 1e9);
            }
            long start = System.nanoTime();
            int flagged = submit(admin, realm, emails, 10_000);
            double ours = (System.nanoTime() - start) / 1e9;

            // directory users Keycloak has never seen: found through the federation one by one, and imported
            List<String> unseen = new ArrayList<>();
            for (int i = imported; i < imported + notImported; i++) {
                unseen.add(UserRows.email("fed", i));
            }
            start = System.nanoTime();
            // in requests of 250: each unseen user costs a directory lookup and an import, about 40 ms here
            int unseenFlagged = submit(admin, realm, unseen, 250);
            double unseenSeconds = (System.nanoTime() - start) / 1e9;

            // the baseline: the admin's loop over imported directory users, warmed up on others first
            for (int i = federated; i < federated + warmUp; i++) {
                addRequiredAction(admin, realm, UserRows.email("fed", i));
            }
            start = System.nanoTime();
            for (int i = federated + warmUp; i < imported; i++) {
                addRequiredAction(admin, realm, UserRows.email("fed", i));
            }
            double baselineRate = sample / ((System.nanoTime() - start) / 1e9);
            double ourRate = subjects / ours;

            System.out.printf(Locale.ROOT, "%n%d-subject batch, %d %% directory users (OpenLDAP, WRITABLE, imported), on %s, Keycloak 26.7.3, 2 CPUs%n",
                    subjects, percent, server.db());
            System.out.printf(Locale.ROOT, "%-58s %10s %14s%n", "", "users/s", "time");
            System.out.printf(Locale.ROOT, "%-58s %10.0f %12.1f s   (%d newly flagged)%n",
                    "extension: POST /signals, 10 000 per request", ourRate, ours, flagged);
            System.out.printf(Locale.ROOT, "%-58s %10.0f %12.1f s   (%d subjects, %d newly flagged)%n",
                    "extension: directory users not yet imported", notImported / unseenSeconds, unseenSeconds, notImported, unseenFlagged);
            System.out.printf(Locale.ROOT, "%-58s %10.0f %12.1f s   (measured on %d after %d warm-up calls, projected to %d)%n",
                    "baseline: find by email + add required action", baselineRate, subjects / baselineRate, sample, warmUp, subjects);
            System.out.printf(Locale.ROOT, "%-58s %10.1fx   (goal: >= 50x and < 20 s)%n", "speed-up", ourRate / baselineRate);
        }
    }

    /** WRITABLE, people's ids their uid, and LDAP connection pooling on, as Keycloak's console defaults it. */
    private static Map<String, List<String>> federation(Slapd slapd) {
        Map<String, List<String>> config = new java.util.LinkedHashMap<>(slapd.keycloakFederation("WRITABLE", "uid"));
        config.put("connectionPooling", List.of("true"));
        return config;
    }

    private static int submit(AdminApi admin, String realm, List<String> emails, int perRequest) {
        int flagged = 0;
        for (int from = 0; from < emails.size(); from += perRequest) {
            List<Map<String, String>> subjects = emails.subList(from, Math.min(emails.size(), from + perRequest)).stream()
                    .map(email -> Map.of("email", email)).toList();
            long t0 = System.nanoTime();
            AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals",
                    Map.of("source", "bench", "reason", "credential-leak", "subjects", subjects));
            if (reply.status() != 201 || !"APPLIED".equals(reply.json().get("state").asText())) {
                throw new IllegalStateException("batch failed: " + reply.status() + " "
                        + reply.body().substring(0, Math.min(300, reply.body().length())));
            }
            flagged += reply.json().get("newlyFlagged").asInt();
            System.out.printf(Locale.ROOT, "  request %d of %d: %d subjects in %.1f s%n", from / perRequest + 1,
                    (emails.size() + perRequest - 1) / perRequest, subjects.size(), (System.nanoTime() - t0) / 1e9);
        }
        if (flagged != emails.size()) {
            throw new IllegalStateException("expected " + emails.size() + " newly flagged, got " + flagged);
        }
        return flagged;
    }

    private static void addRequiredAction(AdminApi admin, String realm, String email) {
        JsonNode found = admin.get("/admin/realms/" + realm + "/users?exact=true&email=" + email).json();
        ObjectNode user = (ObjectNode) found.get(0);
        user.putArray("requiredActions").add("UPDATE_PASSWORD");
        AdminApi.Reply updated = admin.put("/admin/realms/" + realm + "/users/" + user.get("id").asText(), user);
        if (updated.status() != 204) {
            throw new IllegalStateException("baseline update failed: " + updated);
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }
}
