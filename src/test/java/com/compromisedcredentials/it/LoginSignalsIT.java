package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signals from the realm's own login events, on a real Keycloak: credential stuffing and password spraying from one
 * client address flag the account that gets in, and only that one; the same failures spread over many addresses, or
 * an office address where people mistype, flag nobody; threat-intel lists (served over HTTP from this JVM, and a file
 * in the server's list folder) flag on success or only record, and keep their last good copy when a refresh fails;
 * an attack over the realm's blast-radius limit ends in a held batch. Client addresses come from
 * {@code X-Forwarded-For}: the test server runs with {@code --proxy-headers=xforwarded}. Each test has a realm of its
 * own, so that its windows and limits are its own.
 */
@ExtendWith(KeycloakExtension.class)
class LoginSignalsIT {

    private static final long WAIT_MILLIS = 45_000;

    private final KeycloakServer server;
    private final AdminApi admin;

    LoginSignalsIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void stuffingFromOneAddressFlagsExactlyTheAccountThatGetsIn() throws Exception {
        String realm = realm("stuffing", Map.of());
        String attacker = "198.51.100.7";
        // 50 usernames from a leaked list: 30 accounts of the realm with the wrong password, 20 that do not exist
        for (int i = 1; i <= 30; i++) {
            failedLogin(realm, attacker, String.format("u%02d", i));
        }
        for (int i = 1; i <= 20; i++) {
            failedLogin(realm, attacker, "leaked" + i + "@example.net");
        }
        assertTrue(new Browser(admin.baseUrl()).from(attacker).login(realm, "victim", "victim-Passw0rd").isApplication());

        JsonNode flag = awaitFlag(realm, "victim");
        assertEquals("suspicious-activity", flag.get("reason").asText());
        assertEquals("login-events", flag.get("source").asText());
        String evidence = flag.get("evidence").asText();
        assertTrue(evidence.startsWith("Credential stuffing from 198.51.100.7, detected "), evidence);
        assertTrue(evidence.contains("failed logins for 50 usernames (50 failed logins) within 10 minutes"), evidence);
        assertTrue(evidence.contains("1 account logged in successfully from there"), evidence);
        assertFalse(evidence.contains("Passw0rd") || evidence.contains("wrong"), evidence);

        awaitQuiet(realm);
        JsonNode active = admin.get(base(realm) + "/flags?state=ACTIVE").json();
        assertEquals(1, active.size(), "only the account that got in: " + active);

        JsonNode detections = admin.get(base(realm) + "/login-signals/detections").json();
        assertEquals(1, detections.size(), detections.toString());
        JsonNode detection = detections.get(0);
        assertEquals("credential-stuffing", detection.get("kind").asText());
        assertEquals(attacker, detection.get("addressBucket").asText());
        assertEquals(50, detection.get("usernames").asInt());
        assertEquals(1, detection.get("flagged").asInt());
        assertTrue(detection.get("active").asBoolean());
        assertEquals(flag.get("batchId").asText(), detection.get("lastBatchId").asText());

        JsonNode stats = admin.get(base(realm) + "/login-signals/stats").json();
        assertTrue(stats.get("enabled").asBoolean());
        assertEquals(1, stats.get("detections").get("credential-stuffing").get("flagged").asInt(), stats.toString());
        assertTrue(stats.get("node").get("eventsSeen").asLong() >= 51, stats.toString());
        assertEquals(0, stats.get("node").get("eventsDropped").asLong(), stats.toString());

        String metrics = metrics();
        assertTrue(counter(metrics, "compromised_credentials_login_events_total", "") >= 51, metrics);
        assertEquals(0, counter(metrics, "compromised_credentials_login_events_dropped_total", ""));
        // one attack, counted once (under the kind it was first seen as: the run crossed the spraying threshold first)
        String ofRealm = "realm=\"" + realm + "\"";
        assertEquals(1, sum(metrics, "compromised_credentials_login_attacks_detected_total", ofRealm));
        assertEquals(1, counter(metrics, "compromised_credentials_login_accounts_flagged_total", "kind=\"credential-stuffing\"," + ofRealm));
    }

    @Test
    void theSameFailuresSpreadOverManyAddressesOrAnOfficeWherePeopleMistypeFlagNobody() throws Exception {
        String realm = realm("spread", Map.of());
        for (int i = 1; i <= 50; i++) {
            failedLogin(realm, "203.0." + (100 + i) + ".9", i <= 30 ? String.format("u%02d", i) : "leaked" + i + "@example.net");
        }
        assertTrue(new Browser(admin.baseUrl()).from("203.0.101.9").login(realm, "victim", "victim-Passw0rd").isApplication());
        // one office address: 25 people each mistype once, then get in
        for (int i = 1; i <= 25; i++) {
            String user = String.format("u%02d", i);
            failedLogin(realm, "192.0.2.10", user);
            assertTrue(new Browser(admin.baseUrl()).from("192.0.2.10").login(realm, user, user + "-Passw0rd").isApplication());
        }
        awaitQuiet(realm);
        assertEquals(0, admin.get(base(realm) + "/flags").json().size());
        assertEquals(0, admin.get(base(realm) + "/login-signals/detections").json().size());
        JsonNode stats = admin.get(base(realm) + "/login-signals/stats").json();
        assertEquals(75, stats.get("window").get("failedLogins").asInt(), stats.toString());
        assertEquals(51, stats.get("window").get("addressBuckets").asInt(), stats.toString());
    }

    /** The counters' upsert adds to a row an earlier flush wrote (on MariaDB/MySQL its ON DUPLICATE KEY UPDATE branch). */
    @Test
    void failuresCountedInSeparateFlushesAddUp() throws Exception {
        String realm = realm("repeat", Map.of());
        for (int i = 0; i < 3; i++) {
            failedLogin(realm, "198.51.100.99", "u01");
            awaitQuiet(realm);
        }
        assertEquals(0, admin.get(base(realm) + "/flags").json().size());
        JsonNode stats = admin.get(base(realm) + "/login-signals/stats").json();
        assertEquals(3, stats.get("window").get("failedLogins").asInt(), stats.toString());
        assertEquals(1, stats.get("window").get("addressBuckets").asInt(), stats.toString());
    }

    @Test
    void sprayingOneAddressTryingManyAccountsFewTimesEachIsDetectedToo() throws Exception {
        // stuffing set out of reach, so that only the spraying rule can fire
        String realm = realm("spraying", Map.of("loginSignalsStuffingMinUsernames", "1000",
                "loginSignalsSprayingMinAccounts", "10", "loginSignalsSprayingMaxAttemptsPerAccount", "2",
                "loginSignalsIpv4Prefix", "24"));
        // a sprayer rotating within one /24: one common password against 12 accounts
        for (int i = 1; i <= 12; i++) {
            failedLogin(realm, "198.51.100." + (10 + i), String.format("u%02d", i));
        }
        // a guesser at 10 accounts, 3 tries each from another /24: not spraying (Keycloak's brute-force protection's job)
        for (int i = 13; i <= 22; i++) {
            for (int attempt = 0; attempt < 3; attempt++) {
                failedLogin(realm, "203.0.113.5", String.format("u%02d", i));
            }
        }
        assertTrue(new Browser(admin.baseUrl()).from("198.51.100.99").login(realm, "victim", "victim-Passw0rd").isApplication());
        assertTrue(new Browser(admin.baseUrl()).from("203.0.113.6").login(realm, "u30", "u30-Passw0rd").isApplication());

        JsonNode flag = awaitFlag(realm, "victim");
        assertTrue(flag.get("evidence").asText().startsWith("Password spraying from 198.51.100.0/24"), flag.toString());
        assertTrue(flag.get("evidence").asText().contains("failed logins for 12 existing accounts (12 failed logins)"), flag.toString());
        awaitQuiet(realm);
        assertEquals(404, admin.get(base(realm) + "/users/" + admin.userId(realm, "u30") + "/flag").status());
        JsonNode detections = admin.get(base(realm) + "/login-signals/detections").json();
        assertEquals(1, detections.size(), detections.toString());
        assertEquals("password-spraying", detections.get(0).get("kind").asText());
        assertEquals("198.51.100.0/24", detections.get(0).get("addressBucket").asText());
    }

    @Test
    void aListedAddressFlagsOnSuccessOrIsOnlyRecordedAndTheLastGoodCopyStays() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/drop.txt", exchange -> {
            byte[] body = "# test feed\n198.51.100.128/25 ; SBL0001\n2001:db8:bad::/48\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), status.get() == 200 ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (status.get() == 200) {
                    out.write(body);
                }
            }
        });
        feed.start();
        try {
            Path file = server.listDirectory().resolve("exits-" + System.nanoTime() + ".txt");
            Files.writeString(file, "203.0.113.200\n");
            String url = "http://127.0.0.1:" + feed.getAddress().getPort() + "/drop.txt?key=not-shown";
            String lists = url + ", file:" + file;
            String realm = realm("listed", Map.of("loginSignalsAddressLists", lists));
            String recordOnly = realm("listed-record", Map.of("loginSignalsAddressLists", lists, "loginSignalsListAction", "record"));

            JsonNode state = awaitListsRead(realm);
            awaitListsRead(recordOnly); // each realm's copy is read on its own; a login before that is not matched
            assertEquals(2, state.get(0).get("entries").asInt(), state.toString());
            assertEquals("http://127.0.0.1:" + feed.getAddress().getPort() + "/drop.txt?...", state.get(0).get("source").asText());
            assertEquals(1, state.get(1).get("entries").asInt(), state.toString());

            assertTrue(new Browser(admin.baseUrl()).from("198.51.100.130").login(realm, "u01", "u01-Passw0rd").isApplication());
            assertTrue(new Browser(admin.baseUrl()).from("198.51.100.5").login(realm, "u02", "u02-Passw0rd").isApplication());
            assertTrue(new Browser(admin.baseUrl()).from("203.0.113.200").login(realm, "u03", "u03-Passw0rd").isApplication());
            JsonNode flag = awaitFlag(realm, "u01");
            assertEquals("login-events", flag.get("source").asText());
            assertTrue(flag.get("evidence").asText().contains("198.51.100.130 (entry 198.51.100.128/25 of http://127.0.0.1:"
                    + feed.getAddress().getPort() + "/drop.txt?...)"), flag.toString());
            assertFalse(flag.get("evidence").asText().contains("not-shown"), flag.toString());
            assertTrue(awaitFlag(realm, "u03").get("evidence").asText().contains("203.0.113.200 (entry 203.0.113.200 of " + file + ")"));

            // the record-only realm: the same login is a detection, not a flag
            assertTrue(new Browser(admin.baseUrl()).from("198.51.100.131").login(recordOnly, "u01", "u01-Passw0rd").isApplication());
            JsonNode recorded = await(() -> {
                JsonNode d = admin.get(base(recordOnly) + "/login-signals/detections").json();
                return d.size() == 1 && d.get(0).get("recorded").asInt() == 1 ? d.get(0) : null;
            }, "the listed login recorded");
            assertEquals("listed-address", recorded.get("kind").asText());
            assertEquals("198.51.100.131", recorded.get("address").asText());
            assertEquals("198.51.100.128/25", recorded.get("listEntry").asText());
            assertEquals("record", recorded.get("onSuccess").asText());
            assertEquals(0, admin.get(base(recordOnly) + "/flags").json().size());

            // the feed fails: its last good copy stays in force
            status.set(500);
            JsonNode failing = await(() -> {
                JsonNode l = admin.get(base(realm) + "/login-signals/lists").json();
                return "failing".equals(l.get(0).get("state").asText()) ? l.get(0) : null;
            }, "the failed refresh recorded");
            assertEquals("HTTP status 500", failing.get("lastError").asText());
            assertEquals(2, failing.get("entries").asInt());
            assertTrue(new Browser(admin.baseUrl()).from("198.51.100.140").login(realm, "u04", "u04-Passw0rd").isApplication());
            awaitFlag(realm, "u04");

            awaitQuiet(realm);
            assertEquals(404, admin.get(base(realm) + "/users/" + admin.userId(realm, "u02") + "/flag").status());
            assertEquals(3, admin.get(base(realm) + "/flags?state=ACTIVE").json().size());
        } finally {
            feed.stop(0);
        }
    }

    @Test
    void anAttackOverTheRealmsLimitEndsInAHeldBatch() throws Exception {
        String realm = realm("held", Map.of("maxFlagsPerHour", "2"));
        String attacker = "2001:db8:7:7::1";
        for (int i = 1; i <= 25; i++) {
            failedLogin(realm, attacker, "leaked" + i + "@example.net");
        }
        // four accounts get in, from addresses of the same /64
        for (int i = 1; i <= 4; i++) {
            String user = String.format("u%02d", i);
            assertTrue(new Browser(admin.baseUrl()).from("2001:db8:7:7::" + (100 + i)).login(realm, user, user + "-Passw0rd").isApplication());
        }
        JsonNode held = await(() -> {
            JsonNode batches = admin.get(base(realm) + "/batches?state=HELD").json();
            int active = admin.get(base(realm) + "/flags?state=ACTIVE").json().size();
            int heldAccounts = 0;
            for (JsonNode b : batches) {
                heldAccounts += b.get("newlyFlagged").asInt();
            }
            return batches.size() > 0 && active + heldAccounts == 4 ? batches : null;
        }, "a held batch");
        JsonNode batch = held.get(0);
        assertEquals("login-events", batch.get("source").asText());
        assertEquals("suspicious-activity", batch.get("reason").asText());
        assertTrue(batch.get("holdReason").asText().contains("the limit is 2 per hour"), batch.toString());
        assertTrue(admin.get(base(realm) + "/flags?state=ACTIVE").json().size() <= 2);
        JsonNode detection = admin.get(base(realm) + "/login-signals/detections").json().get(0);
        assertEquals("2001:db8:7:7::/64", detection.get("addressBucket").asText());
        assertTrue(detection.get("held").asInt() >= 1, detection.toString());

        for (JsonNode b : held) {
            assertEquals(200, admin.post(base(realm) + "/batches/" + b.get("batchId").asText() + "/approve", null).status());
        }
        assertEquals(4, admin.get(base(realm) + "/flags?state=ACTIVE").json().size());
    }

    // ---- helpers

    private String realm(String prefix, Map<String, String> policy) {
        String realm = TestRealm.named("ls-" + prefix).users("u", 30).user("victim", "victim-Passw0rd")
                .httpFromAnyAddress().create(admin);
        Map<String, String> settings = new HashMap<>(policy);
        settings.put("loginSignalsEnabled", "true");
        admin.setPolicy(realm, settings);
        return realm;
    }

    private JsonNode awaitListsRead(String realm) throws InterruptedException {
        return await(() -> {
            JsonNode l = admin.get(base(realm) + "/login-signals/lists").json();
            return l.size() == 2 && "ok".equals(l.get(0).get("state").asText()) && "ok".equals(l.get(1).get("state").asText()) ? l : null;
        }, "the lists of " + realm + " read");
    }

    private void failedLogin(String realm, String address, String username) {
        Browser.Page page = new Browser(admin.baseUrl()).from(address).login(realm, username, "wrong-" + username);
        assertFalse(page.isApplication(), "a wrong password got in");
    }

    private JsonNode awaitFlag(String realm, String username) throws InterruptedException {
        String userId = admin.userId(realm, username);
        return await(() -> {
            AdminApi.Reply reply = admin.get(base(realm) + "/users/" + userId + "/flag");
            return reply.status() == 200 && "ACTIVE".equals(reply.json().get("state").asText()) ? reply.json() : null;
        }, "a flag of " + username);
    }

    /** Waits until the logins sent so far have been counted and a detection run has looked at them. */
    private void awaitQuiet(String realm) throws InterruptedException {
        long sent = System.currentTimeMillis();
        await(() -> {
            JsonNode node = admin.get(base(realm) + "/login-signals/stats").json().get("node");
            if (node.get("lastFlushAt").isNull() || node.get("lastDetectionAt").isNull()) {
                return null;
            }
            long flushed = Instant.parse(node.get("lastFlushAt").asText()).toEpochMilli();
            long detected = Instant.parse(node.get("lastDetectionAt").asText()).toEpochMilli();
            return flushed > sent + 1500 && detected > flushed ? node : null;
        }, "a flush and a detection run");
    }

    private static <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Waited " + WAIT_MILLIS / 1000 + " s for " + what);
    }

    private String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of a Prometheus counter line whose labels contain {@code labels} (any when empty). */
    private static double counter(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(metrics);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (found.contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("No " + name + " with " + labels + " in /metrics");
    }

    /** The sum of a Prometheus counter's lines whose labels contain {@code labels}. */
    private static double sum(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }
}
