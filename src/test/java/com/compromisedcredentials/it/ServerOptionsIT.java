package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promises that need server options of their own, played on one server of this class's own (started once, ~40 s):
 * {@code auto-register=false} registers nothing in a new realm; the outbox gives an email up after
 * {@code max-attempts} failed sends (set under its 1.0.0 name, still read, with a warning naming the new one) and the
 * flag says so; and an unflagged user's login costs exactly one
 * statement on the extension's tables, the indexed lookup of an active flag (Hibernate's SQL log counted); started
 * without the JVM options that let Linux run the email senders below logins, the log says which ones do. With
 * auto-registration off, the realms that need the extension get it as an admin managing realms as code would:
 * the required action registered and the event listener added through Keycloak's admin API. H2 pass only.
 */
class ServerOptionsIT {

    private static KeycloakServer server;
    private static AdminApi admin;

    @BeforeAll
    static void start() {
        server = KeycloakServer.startWith("server-options", List.of(
                KeycloakServer.AUTO_REGISTER + "false",
                // under its 1.0.0 name on purpose: the give-up test below only passes if that name is still read
                KeycloakServer.OUTBOX_MAX_ATTEMPTS_AS_IN_1_0_0 + "2",
                KeycloakServer.LOG_SQL_STATEMENTS));
        admin = AdminApi.connect(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withAutoRegisterOffANewRealmGetsNeitherTheRequiredActionNorTheListenerNorTheDashboardClient() {
        String realm = TestRealm.named("no-auto").user("alice", "alice-Passw0rd").create(admin);
        JsonNode actions = admin.get("/admin/realms/" + realm + "/authentication/required-actions").json();
        assertTrue(actions.size() > 0, "Keycloak's own required actions are listed: " + actions);
        for (JsonNode action : actions) {
            assertFalse(action.get("alias").asText().equals("COMPROMISED_PASSWORD_RESET"), "registered anyway: " + actions);
        }
        JsonNode events = admin.get("/admin/realms/" + realm + "/events/config").json();
        assertTrue(events.has("eventsListeners"), events.toString());
        for (JsonNode listener : events.get("eventsListeners")) {
            assertFalse(listener.asText().equals("compromised-credentials"), "listener added anyway: " + events);
        }
        assertEquals(0, admin.get("/admin/realms/" + realm + "/clients?clientId=compromised-credentials-console").json().size());
        // nor in the realms that were there at start-up
        JsonNode master = admin.get("/admin/realms/master/events/config").json();
        for (JsonNode listener : master.get("eventsListeners")) {
            assertFalse(listener.asText().equals("compromised-credentials"), "listener added to master: " + master);
        }
        assertEquals(404, admin.get("/admin/realms/master/authentication/required-actions/COMPROMISED_PASSWORD_RESET").status());
    }

    @Test
    void anOptionUnderIts100NameIsReadAndTheLogNamesTheNewOne() throws Exception {
        String log = Files.readString(server.logFile());
        assertTrue(log.contains("The server option --spi-events-listener--compromised-credentials--outbox-max-attempts is deprecated"
                + " and will be removed in the next major version: use --spi-compromised-credentials-email--default--max-attempts"),
                "no deprecation warning in the log: " + server.logTail());
    }

    @Test
    void withoutTheJvmOptionsForThreadPrioritiesTheLogSaysWhichOnesLetABurstYieldToLogins() throws Exception {
        // the tests' servers start without -XX:ThreadPriorityPolicy=1: the senders run at the logins' OS priority
        String log = Files.readString(server.logFile());
        assertTrue(log.contains("Email senders run at the same OS priority as logins; for a burst of emails to take only the CPU "
                + "time logins leave, start Keycloak with JAVA_OPTS_APPEND=\"-XX:ThreadPriorityPolicy=1 "
                + "-XX:JavaPriority1_To_OSPriority=19\""), "no advice in the log: " + server.logTail());
    }

    @Test
    void theOutboxGivesAnEmailUpAfterItsAttemptsAndTheFlagSaysSo() {
        Mailbox smtp = Mailbox.down(); // nothing listens on the realm's SMTP port: every send fails
        try {
            String realm = TestRealm.named("give-up").smtp(smtp.port()).users("g", 2).create(admin);
            installAsCode(realm);
            admin.setPolicy(realm, Map.of("emailOnFlag", "true"));
            ResetSteps.flag(admin, realm, "g01");
            String path = ResetSteps.flagPath(admin, realm, "g01");
            assertEquals("queued", admin.get(path).json().get("notification").asText());

            JsonNode flag = awaitNotificationOtherThan("queued", path);
            assertEquals("skipped: gave up after 2 attempts", flag.get("notification").asText(), flag.toString());
            assertEquals("ACTIVE", flag.get("state").asText(), "giving up the email leaves the flag as it is: " + flag);

            // the SMTP server comes back: g02's email, queued afterwards, arrives; the given-up one never does
            smtp.up();
            ResetSteps.flag(admin, realm, "g02");
            smtp.await("g02@example.com", "choose a new password");
            assertEquals("sent", admin.get(ResetSteps.flagPath(admin, realm, "g02")).json().get("notification").asText());
            assertEquals(List.of(), smtp.to("g01@example.com"), "the given-up email stays given up");
        } finally {
            smtp.close();
        }
    }

    @Test
    void anUnflaggedUsersLoginRunsOneStatementOnTheExtensionsTablesTheIndexedActiveFlagLookup() throws Exception {
        String realm = TestRealm.named("one-query").user("alice", "alice-Passw0rd").user("bob", "bob-Passw0rd").create(admin);
        installAsCode(realm);
        ResetSteps.flag(admin, realm, "bob"); // the realm has a flag, only not alice's
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd").isApplication(), "a first login, as warm-up");

        long before = Files.size(server.logFile());
        Browser.Page page = new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd");
        assertTrue(page.isApplication(), page.title());
        // the log is written as each statement is sent, so every statement of the login's requests is in it by now
        List<String> all = statementsSince(before);
        List<String> login = all.stream().filter(s -> s.contains("(executor-thread-")).toList();
        assertFalse(login.isEmpty(), "the SQL log shows the login's statements (Keycloak's own): " + all.size() + " in all");
        List<String> extension = login.stream().filter(ServerOptionsIT::touchesExtensionTables).toList();
        assertEquals(1, extension.size(), "statements of the login on the CC_ tables:\n" + String.join("\n", extension));
        String lookup = extension.get(0).toUpperCase();
        assertTrue(lookup.matches("(?s).*\\bSELECT\\b.*\\bFROM CC_FLAG\\b.*\\bWHERE\\b.*REALM_ID=\\?.*ACTIVE_USER_ID=\\?.*"),
                "the active flag looked up by (REALM_ID, ACTIVE_USER_ID), the unique index: " + lookup);
    }

    /**
     * With the {@code compromised-credentials-check} after the password too (the check and the required action both
     * ask about the user's flag in the same request), an unflagged user's login still runs one statement on the
     * extension's tables, in the browser and in a password grant.
     */
    @Test
    void withTheCheckInTheFlowsAnUnflaggedUsersLoginStillRunsOneLookup() throws Exception {
        String realm = TestRealm.named("one-query-check").user("alice", "alice-Passw0rd").user("bob", "bob-Passw0rd").create(admin);
        installAsCode(realm);
        Flows.checkAfterPassword(admin, realm);
        ResetSteps.flag(admin, realm, "bob");
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd").isApplication(), "a first login, as warm-up");
        Map<String, String> grant = Map.of("grant_type", "password", "client_id", TestRealm.CLIENT_ID, "username", "alice",
                "password", "alice-Passw0rd");
        String token = "/realms/" + realm + "/protocol/openid-connect/token";
        assertEquals(200, admin.form(token, grant).status(), "a first password grant, as warm-up");

        long before = Files.size(server.logFile());
        assertTrue(new Browser(admin.baseUrl()).login(realm, "alice", "alice-Passw0rd").isApplication(), "the browser login");
        List<String> browser = requestStatementsOnExtensionTablesSince(before);
        assertEquals(1, browser.size(), "the browser login's statements on the CC_ tables:\n" + String.join("\n", browser));

        before = Files.size(server.logFile());
        AdminApi.Reply granted = admin.form(token, grant);
        assertEquals(200, granted.status(), granted.toString());
        List<String> direct = requestStatementsOnExtensionTablesSince(before);
        assertEquals(1, direct.size(), "the password grant's statements on the CC_ tables:\n" + String.join("\n", direct));

        // and bob, flagged, is still stopped by the check in the same flows
        AdminApi.Reply refused = admin.form(token, Map.of("grant_type", "password", "client_id", TestRealm.CLIENT_ID,
                "username", "bob", "password", "bob-Passw0rd"));
        assertEquals(400, refused.status(), "the flagged user's password grant: " + refused);
    }

    // ---- helpers

    /** As with auto-registration off an admin does it: the required action registered, first, and the listener added. */
    private static void installAsCode(String realm) {
        String base = "/admin/realms/" + realm;
        AdminApi.Reply registered = admin.post(base + "/authentication/register-required-action",
                Map.of("providerId", "COMPROMISED_PASSWORD_RESET", "name", "Compromised password reset"));
        assertEquals(204, registered.status(), registered.toString());
        int lowest = 0;
        for (JsonNode action : admin.get(base + "/authentication/required-actions").json()) {
            lowest = Math.min(lowest, action.get("priority").asInt());
        }
        ObjectNode action = (ObjectNode) admin.get(base + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET").json();
        action.put("priority", lowest - 10).put("enabled", true);
        AdminApi.Reply first = admin.put(base + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET", action);
        assertEquals(204, first.status(), first.toString());
        ObjectNode events = (ObjectNode) admin.get(base + "/events/config").json();
        Set<String> listeners = new LinkedHashSet<>();
        events.get("eventsListeners").forEach(l -> listeners.add(l.asText()));
        listeners.add("compromised-credentials");
        events.set("eventsListeners", AdminApi.JSON.valueToTree(listeners));
        AdminApi.Reply updated = admin.put(base + "/events/config", events);
        assertEquals(204, updated.status(), updated.toString());
    }

    private static JsonNode awaitNotificationOtherThan(String notification, String path) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode flag = admin.get(path).json();
        while (notification.equals(flag.path("notification").asText()) && System.nanoTime() < deadline) {
            Mailbox.sleep(200);
            flag = admin.get(path).json();
        }
        assertFalse(notification.equals(flag.path("notification").asText()), "the flag still says " + notification + ": " + flag);
        return flag;
    }

    private static final Pattern ENTRY_START = Pattern.compile("(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final Pattern EXTENSION_TABLE = Pattern.compile("(?i)\\bCC_[A-Z_]+\\b");

    /** Of {@link #statementsSince}, those of request threads (not background jobs) on the extension's tables. */
    private static List<String> requestStatementsOnExtensionTablesSince(long offset) {
        return statementsSince(offset).stream().filter(s -> s.contains("(executor-thread-"))
                .filter(ServerOptionsIT::touchesExtensionTables).toList();
    }

    /** The entries of Hibernate's SQL log written after {@code offset} bytes of Keycloak's log, each whole. */
    private static List<String> statementsSince(long offset) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(server.logFile());
            text = new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> entries = new ArrayList<>();
        Matcher start = ENTRY_START.matcher(text);
        int from = -1;
        while (start.find()) {
            if (from >= 0) {
                entries.add(text.substring(from, start.start()));
            }
            from = start.start();
        }
        if (from >= 0) {
            entries.add(text.substring(from));
        }
        return entries.stream().filter(e -> e.contains("[org.hibernate.SQL]")).map(String::strip).toList();
    }

    private static boolean touchesExtensionTables(String statement) {
        return EXTENSION_TABLE.matcher(statement.substring(statement.indexOf("[org.hibernate.SQL]"))).find();
    }
}
