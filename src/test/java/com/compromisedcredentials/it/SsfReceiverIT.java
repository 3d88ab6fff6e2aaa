package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;

import com.compromisedcredentials.ssf.TestTransmitter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Shared Signals receiver on a real Keycloak, fed by a transmitter simulated in the test (its own RSA and EC keys,
 * its JWKS and poll endpoint served on loopback): an admin registers it through the REST API, it pushes SETs
 * (RFC 8935) or is polled (RFC 8936), and the test checks what an admin and a user see: HTTP answers, flags,
 * batches, receipts, the user's email. Each test has a realm of its own.
 */
@ExtendWith(KeycloakExtension.class)
class SsfReceiverIT {

    private static final String PHONE = "+12065550100";

    private static AdminApi admin;
    private static Mailbox mailbox;
    private static TestTransmitter tx;

    @BeforeAll
    static void setUp(AdminApi api) throws Exception {
        admin = api;
        mailbox = Mailbox.start();
        tx = TestTransmitter.start();
    }

    @AfterAll
    static void tearDown() {
        tx.close();
        mailbox.close();
    }

    @Test
    void aValidSetFlagsTheUserWithTheTransmittersReasons() throws Exception {
        Receiver r = pushReceiver();
        TestTransmitter.SetBuilder set = tx.set().audience(r.audience).event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of(
                "subject", Map.of("format", "email", "email", "Alice@Example.com"),
                "credential_type", "password",
                "reason_admin", "Seen in the ExampleShop breach dump, record 8812",
                "reason_user", Map.of("en", "Your password was in the ExampleShop breach of 2 November.",
                        "de", "Ihr Passwort war im ExampleShop-Datenleck vom 2. November.")));

        HttpResponse<String> pushed = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), set.sign());
        assertEquals(202, pushed.statusCode(), pushed.body());
        assertEquals("", pushed.body());

        JsonNode flag = admin.get(flagOf(r.realm, "alice")).json();
        assertEquals("ACTIVE", flag.get("state").asText());
        assertEquals("ssf", flag.get("source").asText());
        assertEquals("credential-leak", flag.get("reason").asText());
        assertEquals("Your password was in the ExampleShop breach of 2 November.", flag.get("userMessage").asText());
        assertTrue(flag.get("evidence").asText().contains("SET " + set.jti() + " from " + tx.issuer()), flag.toString());
        assertTrue(flag.get("evidence").asText().endsWith("Seen in the ExampleShop breach dump, record 8812"), flag.toString());
        assertEquals("ssf:" + tx.issuer(), flag.get("createdBy").asText());

        Mailbox.Mail mail = awaitMail("alice@example.com", "Your password was in the ExampleShop breach of 2 November.");
        assertTrue(mail.subject().contains("choose a new password"), mail.subject());

        // the German-speaking user reads the transmitter's German text
        String bruno = tx.set().audience(r.audience).event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of(
                "subject", Map.of("format", "email", "email", "bruno@example.com"),
                "reason_user", Map.of("en", "English text.", "de", "Deutscher Text."))).sign();
        assertEquals(202, TestTransmitter.push(r.pushEndpoint, tx.pushToken(), bruno).statusCode());
        assertEquals("Deutscher Text.", admin.get(flagOf(r.realm, "bruno")).json().get("userMessage").asText());
        assertTrue(awaitMail("bruno@example.com", "Deutscher Text.").subject().contains("neues Passwort"));

        JsonNode receipts = admin.get(transmitter(r) + "/received").json();
        assertEquals(2, receipts.size());
        JsonNode first = receipts.get(1);
        assertEquals(set.jti(), first.get("jti").asText());
        assertEquals("signalled", first.get("outcome").asText());
        assertEquals("push", first.get("delivery").asText());
        assertEquals(flag.get("batchId").asText(), first.get("batchId").asText());
        assertEquals("credential-compromise", first.get("events").get(0).asText());
        assertTrue(admin.get(transmitter(r)).json().has("lastReceivedAt"));
    }

    @Test
    void es256AndEverySubjectFormatReachTheirAccount() throws Exception {
        Receiver r = pushReceiver();
        String carolId = admin.userId(r.realm, "carol");
        String daveId = admin.userId(r.realm, "dave");
        setPhoneNumber(r.realm, "erin", PHONE);

        Map<String, Object> issSub = Map.of("format", "iss_sub", "iss", r.audience, "sub", carolId);
        assertEquals(202, push(r, tx.set().audience(r.audience).es256().event(TestTransmitter.CREDENTIAL_COMPROMISE,
                Map.of("subject", issSub)).sign()));
        assertEquals(202, push(r, tx.set().audience(r.audience).event(TestTransmitter.CREDENTIAL_COMPROMISE,
                Map.of("subject", Map.of("format", "opaque", "id", daveId))).sign()));
        // the subject as the SET's sub_id (SSF), and the other RISC event: a change required
        assertEquals(202, push(r, tx.set().audience(r.audience).subId(Map.of("format", "phone_number", "phone_number", PHONE))
                .event(TestTransmitter.CREDENTIAL_CHANGE_REQUIRED, Map.of()).sign()));

        assertEquals("credential-leak", admin.get(flagOf(r.realm, "carol")).json().get("reason").asText());
        assertEquals("ACTIVE", admin.get(flagOf(r.realm, "dave")).json().get("state").asText());
        JsonNode erin = admin.get(flagOf(r.realm, "erin")).json();
        assertEquals("ACTIVE", erin.get("state").asText());
        assertEquals("suspicious-activity", erin.get("reason").asText());
        assertEquals(3, admin.get(base(r.realm) + "/flags?state=ACTIVE").json().size());

        // an iss_sub of another issuer names nobody here, even with a local user's id
        assertEquals(202, push(r, tx.set().audience(r.audience).event(TestTransmitter.CREDENTIAL_COMPROMISE,
                Map.of("subject", Map.of("format", "iss_sub", "iss", "https://other.example.com", "sub", daveId))).sign()));
        assertEquals(3, admin.get(base(r.realm) + "/flags?state=ACTIVE").json().size());
    }

    @Test
    void refusedSetsAreAnsweredWithTheRfcCodesAndStoreNothing() throws Exception {
        Receiver r = pushReceiver();
        String email = "alice@example.com";
        assertRefused(r, 400, "invalid_key", tx.badSignatureSet(r.audience, email));
        assertRefused(r, 400, "invalid_audience", tx.wrongAudienceSet(email));
        assertRefused(r, 400, "invalid_request", tx.expiredSet(r.audience, email));
        assertRefused(r, 400, "invalid_request", tx.set().audience(r.audience).credentialCompromise(email)
                .claim("exp", Instant.now().minus(Duration.ofHours(1)).getEpochSecond()).sign());
        assertRefused(r, 400, "invalid_request", tx.algNoneSet(r.audience, email));
        assertRefused(r, 400, "invalid_issuer", tx.wrongIssuerSet(r.audience, email));
        assertRefused(r, 400, "invalid_key", tx.set().audience(r.audience).credentialCompromise(email).tampered());
        assertRefused(r, 400, "invalid_request", tx.set().audience(r.audience)
                .event(TestTransmitter.CREDENTIAL_COMPROMISE, Map.of("credential_type", "password")).sign());

        String valid = tx.validSet(r.audience, email);
        HttpResponse<String> noToken = TestTransmitter.push(r.pushEndpoint, null, valid);
        assertEquals(401, noToken.statusCode());
        assertEquals("authentication_failed", AdminApi.JSON.readTree(noToken.body()).get("err").asText());
        assertEquals(401, TestTransmitter.push(r.pushEndpoint, "wrong-token-0123456789", valid).statusCode());
        HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(r.pushEndpoint)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + tx.pushToken())
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, json.statusCode(), json.body());
        assertEquals(404, TestTransmitter.push(URI.create(r.pushEndpoint.toString().replace(r.id, "no-such-transmitter")),
                tx.pushToken(), valid).statusCode());

        assertEquals(404, admin.get(flagOf(r.realm, "alice")).status(), "nobody flagged");
        assertEquals(0, admin.get(base(r.realm) + "/batches").json().size(), "no batch");
        assertEquals(0, admin.get(transmitter(r) + "/received").json().size(), "no receipt, so the jti's stay unused");

        // the valid token refused for its missing bearer token is still good: nothing was stored for it
        assertEquals(202, push(r, valid));
        assertEquals("ACTIVE", admin.get(flagOf(r.realm, "alice")).json().get("state").asText());
    }

    @Test
    void aReplayedSetIsRefusedAndChangesNothing() throws Exception {
        Receiver r = pushReceiver();
        String set = tx.validSet(r.audience, "alice@example.com");
        assertEquals(202, push(r, set));
        String batchId = admin.get(flagOf(r.realm, "alice")).json().get("batchId").asText();
        assertEquals(200, admin.delete(flagOf(r.realm, "alice")).status(), "an admin dismisses the flag");

        HttpResponse<String> replayed = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), set);
        assertEquals(400, replayed.statusCode());
        JsonNode error = AdminApi.JSON.readTree(replayed.body());
        assertEquals("invalid_request", error.get("err").asText());
        assertTrue(error.get("description").asText().contains("already been received"), replayed.body());

        JsonNode flag = admin.get(flagOf(r.realm, "alice")).json();
        assertEquals("DISMISSED", flag.get("state").asText(), "the replay did not flag the user again");
        assertEquals(batchId, flag.get("batchId").asText());
        assertEquals(1, admin.get(base(r.realm) + "/batches").json().size());
        assertEquals(1, admin.get(transmitter(r) + "/received").json().size());
    }

    @Test
    void anUnknownSubjectIsAcknowledgedLikeAnyOtherAndOnlyItsReceiptIsKept() throws Exception {
        Receiver r = pushReceiver();
        HttpResponse<String> unknown = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), tx.validSet(r.audience, "nobody@example.com"));
        HttpResponse<String> known = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), tx.validSet(r.audience, "alice@example.com"));
        assertEquals(known.statusCode(), unknown.statusCode());
        assertEquals(known.body(), unknown.body());
        assertEquals(202, unknown.statusCode());

        // another event type and a credential a password reset does not fix: acknowledged, ignored
        assertEquals(202, push(r, tx.set().audience(r.audience).event(TestTransmitter.SESSION_REVOKED,
                Map.of("subject", Map.of("format", "email", "email", "bruno@example.com"))).sign()));
        assertEquals(202, push(r, tx.set().audience(r.audience).event(TestTransmitter.CREDENTIAL_COMPROMISE,
                Map.of("subject", Map.of("format", "email", "email", "bruno@example.com"), "credential_type", "fido2-roaming")).sign()));
        assertEquals(404, admin.get(flagOf(r.realm, "bruno")).status());

        assertEquals(1, admin.get(base(r.realm) + "/batches").json().size(), "only alice's SET made a batch");
        List<String> outcomes = StreamSupport.stream(admin.get(transmitter(r) + "/received").json().spliterator(), false)
                .map(n -> n.get("outcome").asText()).sorted().toList();
        assertEquals(List.of("ignored", "ignored", "signalled", "unmatched"), outcomes);
    }

    @Test
    void aBurstOverTheRealmsLimitIsHeld() throws Exception {
        Receiver r = pushReceiver();
        admin.setPolicy(r.realm, Map.of("maxFlagsPerHour", "3"));
        for (String user : List.of("u01", "u02", "u03", "u04", "u05")) {
            assertEquals(202, push(r, tx.validSet(r.audience, user + "@example.com")), user);
        }
        assertEquals(3, admin.get(base(r.realm) + "/batches?state=APPLIED").json().size());
        JsonNode held = admin.get(base(r.realm) + "/batches?state=HELD").json();
        assertEquals(2, held.size());
        assertEquals(404, admin.get(flagOf(r.realm, "u04")).status(), "held: nobody flagged");
        assertEquals(404, admin.get(flagOf(r.realm, "u05")).status());
        assertEquals("ssf", held.get(0).get("source").asText());

        AdminApi.Reply approved = admin.post(base(r.realm) + "/batches/" + held.get(0).get("batchId").asText() + "/approve", null);
        assertEquals(200, approved.status(), approved.toString());
        assertEquals(1, approved.json().get("newlyFlagged").asInt());
        assertEquals(4, admin.get(base(r.realm) + "/flags?state=ACTIVE").json().size());
    }

    @Test
    void pollDeliveryPicksUpSetsAndAcknowledgesThem() throws Exception {
        try (TestTransmitter polled = TestTransmitter.start()) {
            String realm = realm();
            String audience = admin.baseUrl() + "/realms/" + realm;
            AdminApi.Reply created = admin.post(base(realm) + "/transmitters", polled.configJson("poll", audience));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("id").asText();
            assertFalse(created.json().has("pollBearerToken"), "the token is never shown");

            TestTransmitter.SetBuilder good = polled.set().audience(audience).credentialCompromise("alice@example.com");
            TestTransmitter.SetBuilder unknown = polled.set().audience(audience).credentialCompromise("nobody@example.com");
            TestTransmitter.SetBuilder other = polled.set().audience(audience).event(TestTransmitter.SESSION_REVOKED,
                    Map.of("subject", Map.of("format", "email", "email", "bruno@example.com")));
            TestTransmitter.SetBuilder forged = polled.set().audience(audience).credentialCompromise("bruno@example.com");
            TestTransmitter.SetBuilder wrongAudience = polled.set().audience("https://elsewhere.example.com").credentialCompromise("bruno@example.com");
            polled.enqueue(good.jti(), good.sign());
            polled.enqueue(unknown.jti(), unknown.sign());
            polled.enqueue(other.jti(), other.sign());
            polled.enqueue(forged.jti(), forged.signWithForeignKey());
            polled.enqueue(wrongAudience.jti(), wrongAudience.sign());

            await("the transmitter's queue to be emptied", () -> polled.queued() == 0);
            assertEquals(List.of(good.jti(), unknown.jti(), other.jti()).stream().sorted().toList(),
                    polled.acked().stream().sorted().toList());
            Map<String, JsonNode> errs = polled.setErrs();
            assertEquals("invalid_key", errs.get(forged.jti()).get("err").asText());
            assertEquals("invalid_audience", errs.get(wrongAudience.jti()).get("err").asText());

            JsonNode flag = admin.get(flagOf(realm, "alice")).json();
            assertEquals("ACTIVE", flag.get("state").asText());
            assertTrue(flag.get("evidence").asText().contains(good.jti()));
            assertEquals(404, admin.get(flagOf(realm, "bruno")).status());
            JsonNode receipts = admin.get(base(realm) + "/transmitters/" + id + "/received").json();
            assertEquals(3, receipts.size());
            receipts.forEach(receipt -> assertEquals("poll", receipt.get("delivery").asText()));

            // an acknowledgement that was lost: the transmitter delivers the SET again, it is acknowledged again, nothing new
            int acks = polled.acked().size();
            polled.enqueue(good.jti(), good.sign());
            await("the SET delivered again to be acknowledged", () -> polled.acked().size() > acks);
            assertEquals(good.jti(), polled.acked().get(acks));
            assertEquals(1, admin.get(base(realm) + "/batches").json().size());
            assertEquals(3, admin.get(base(realm) + "/transmitters/" + id + "/received").json().size());

            JsonNode status = admin.get(base(realm) + "/transmitters/" + id).json();
            assertTrue(status.has("lastPollAt"), status.toString());
            assertFalse(status.has("lastPollError"), status.toString());

            // a transmitter that refuses our token: the admin sees why
            polled.pollStatus(401);
            await("the failed poll to be recorded", () -> admin.get(base(realm) + "/transmitters/" + id).json().has("lastPollError"));
            assertTrue(admin.get(base(realm) + "/transmitters/" + id).json().get("lastPollError").asText().contains("401"));
            polled.pollStatus(200);

            // a disabled transmitter is not polled
            ObjectNode disabled = (ObjectNode) admin.get(base(realm) + "/transmitters/" + id).json();
            disabled.put("enabled", false);
            assertEquals(200, admin.put(base(realm) + "/transmitters/" + id, disabled.toString()).status());
            int polls = polled.pollRequests().size();
            // the marker: a transmitter registered after the disabling is polled twice, by runs of the poller that
            // began after it, and so saw the first one disabled
            try (TestTransmitter marker = TestTransmitter.start()) {
                assertEquals(201, admin.post(base(realm) + "/transmitters", marker.configJson("poll", audience)).status());
                await("the later transmitter to be polled twice", () -> marker.pollRequests().size() >= 2);
            }
            assertTrue(polled.pollRequests().size() <= polls + 1, "at most a poll that was under way");
        }
    }

    @Test
    void aPushWhoseKeysCannotBeFetchedIsAnswered503WithRetryAfterAndStoresNothing() throws Exception {
        try (TestTransmitter down = TestTransmitter.start()) {
            down.jwksStatus(503); // the transmitter's key endpoint is down from the start: no copy of its keys exists
            String realm = realm();
            String audience = admin.baseUrl() + "/realms/" + realm;
            AdminApi.Reply created = admin.post(base(realm) + "/transmitters", down.configJson("push", audience));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("id").asText();
            URI endpoint = URI.create(created.json().get("pushEndpoint").asText());

            int fetches = down.jwksFetches();
            HttpResponse<String> pushed = TestTransmitter.push(endpoint, down.pushToken(),
                    down.set().audience(audience).credentialCompromise("alice@example.com").sign());
            assertEquals(503, pushed.statusCode(), pushed.body());
            String retryAfter = pushed.headers().firstValue("Retry-After").orElse("");
            assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After in seconds: '" + retryAfter + "'");
            assertFalse(pushed.body().contains("\"err\""), "not a refusal (RFC 8935 err), the transmitter delivers it again: " + pushed.body());
            assertTrue(down.jwksFetches() > fetches, "the receiver did try to fetch the keys");
            assertEquals(404, admin.get(flagOf(realm, "alice")).status());
            assertEquals(0, admin.get(base(realm) + "/batches").json().size());
            assertEquals(0, admin.get(base(realm) + "/transmitters/" + id + "/received").json().size(), "no receipt: it may come again");
        }
    }

    @Test
    void aPolledSetWhoseKeysCannotBeFetchedIsNeitherAcknowledgedNorRefused() throws Exception {
        try (TestTransmitter down = TestTransmitter.start()) {
            down.jwksStatus(503);
            String realm = realm();
            String audience = admin.baseUrl() + "/realms/" + realm;
            AdminApi.Reply created = admin.post(base(realm) + "/transmitters", down.configJson("poll", audience));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("id").asText();
            TestTransmitter.SetBuilder set = down.set().audience(audience).credentialCompromise("alice@example.com");
            down.enqueue(set.jti(), set.sign());

            await("the poll that could not verify the SET to be recorded",
                    () -> admin.get(base(realm) + "/transmitters/" + id).json().path("lastPollError").asText().contains("keys"));
            // the marker: two more polls, so that any acknowledgement or refusal of the SET would have been sent
            int polls = down.pollRequests().size();
            await("two more polls", () -> down.pollRequests().size() >= polls + 2);
            for (JsonNode request : down.pollRequests()) {
                assertFalse(StreamSupport.stream(request.path("ack").spliterator(), false).anyMatch(j -> j.asText().equals(set.jti())),
                        "acknowledged: " + request);
                assertFalse(request.path("setErrs").has(set.jti()), "refused: " + request);
            }
            assertEquals(1, down.queued(), "the SET waits at the transmitter");
            assertEquals(404, admin.get(flagOf(realm, "alice")).status());
            assertEquals(0, admin.get(base(realm) + "/batches").json().size());
            assertEquals(0, admin.get(base(realm) + "/transmitters/" + id + "/received").json().size());
        }
    }

    @Test
    void anAdminManagesTransmittersWithManageRealm() throws Exception {
        String realm = realm();
        String audience = admin.baseUrl() + "/realms/" + realm;
        String path = base(realm) + "/transmitters";

        AdminApi.Reply invalid = admin.post(path, Map.of("issuer", "https://tx.example.com", "jwksUri", "http://tx.example.com/jwks",
                "audience", audience, "delivery", "push"));
        assertEquals(400, invalid.status());
        assertEquals("invalid_transmitter", invalid.json().get("error").asText());
        assertEquals(400, admin.post(path, "[]").status());

        AdminApi.Reply created = admin.post(path, tx.configJson("push", audience));
        assertEquals(201, created.status(), created.toString());
        JsonNode rep = created.json();
        String id = rep.get("id").asText();
        assertTrue(created.location().endsWith("/compromised-credentials/transmitters/" + id), created.location());
        assertEquals(admin.baseUrl() + "/realms/" + realm + "/compromised-credentials-ssf/transmitters/" + id + "/events",
                rep.get("pushEndpoint").asText());
        assertFalse(rep.has("pushBearerToken"));
        assertTrue(rep.get("pushBearerTokenSet").asBoolean());
        assertTrue(rep.get("enabled").asBoolean());
        assertEquals(tx.issuer(), rep.get("issuer").asText());

        AdminApi.Reply duplicate = admin.post(path, tx.configJson("push", audience));
        assertEquals(409, duplicate.status());
        assertEquals("transmitter_exists", duplicate.json().get("error").asText());
        assertEquals(1, admin.get(path).json().size());

        // what GET shows, edited and sent back: the bearer token is kept, so the transmitter still gets in with it
        ObjectNode edited = (ObjectNode) admin.get(path + "/" + id).json();
        edited.put("clockSkewSeconds", 30);
        AdminApi.Reply updated = admin.put(path + "/" + id, edited.toString());
        assertEquals(200, updated.status(), updated.toString());
        assertEquals(30, updated.json().get("clockSkewSeconds").asInt());
        Receiver r = new Receiver(realm, id, audience, URI.create(rep.get("pushEndpoint").asText()));
        assertEquals(401, TestTransmitter.push(r.pushEndpoint, null, tx.validSet(audience, "alice@example.com")).statusCode());
        assertEquals(202, push(r, tx.validSet(audience, "alice@example.com")));

        // static keys instead of a JWKS URL: ES256 and RS256 still verify
        edited.remove("jwksUri");
        edited.set("jwks", AdminApi.JSON.readTree(tx.jwksJson()));
        AdminApi.Reply staticKeys = admin.put(path + "/" + id, edited.toString());
        assertEquals(200, staticKeys.status(), staticKeys.toString());
        assertTrue(staticKeys.json().has("jwks"));
        assertEquals(202, push(r, tx.set().audience(audience).es256().credentialCompromise("carol@example.com").sign()));
        assertEquals("ACTIVE", admin.get(flagOf(realm, "carol")).json().get("state").asText());

        // disabled: pushes are refused
        edited.put("enabled", false);
        assertEquals(200, admin.put(path + "/" + id, edited.toString()).status());
        HttpResponse<String> denied = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), tx.validSet(audience, "bruno@example.com"));
        assertEquals(403, denied.statusCode());
        assertEquals("access_denied", AdminApi.JSON.readTree(denied.body()).get("err").asText());

        // only realm managers may register transmitters; user managers may not
        String userManager = admin.passwordGrant(realm, "usermanager", "usermanager-Passw0rd");
        AdminApi.Reply forbidden = admin.call("POST", path, tx.configJson("push", audience), userManager);
        assertEquals(403, forbidden.status(), forbidden.toString());
        assertEquals("forbidden", forbidden.json().get("error").asText());
        assertEquals(403, admin.call("GET", path, null, userManager).status());
        String realmManager = admin.passwordGrant(realm, "realmmanager", "realmmanager-Passw0rd");
        assertEquals(200, admin.call("GET", path, null, realmManager).status());

        JsonNode events = admin.get("/admin/realms/" + realm + "/admin-events?resourceTypes=CUSTOM").json();
        List<String> paths = StreamSupport.stream(events.spliterator(), false).map(e -> e.get("resourcePath").asText()).toList();
        assertTrue(paths.contains("compromised-credentials/transmitters/" + id), paths.toString());
        assertFalse(events.toString().contains(tx.pushToken()), "no token in admin events");

        assertEquals(204, admin.delete(path + "/" + id).status());
        assertEquals(404, admin.get(path + "/" + id).status());
        assertEquals("transmitter_not_found", admin.get(path + "/" + id).json().get("error").asText());
        assertEquals(404, TestTransmitter.push(r.pushEndpoint, tx.pushToken(), tx.validSet(audience, "bruno@example.com")).statusCode());
    }

    // ---- helpers

    /** A realm and a push transmitter registered in it, as an admin would. */
    private record Receiver(String realm, String id, String audience, URI pushEndpoint) {
    }

    private static Receiver pushReceiver() {
        String realm = realm();
        String audience = admin.baseUrl() + "/realms/" + realm;
        AdminApi.Reply created = admin.post(base(realm) + "/transmitters", tx.configJson("push", audience));
        assertEquals(201, created.status(), created.toString());
        return new Receiver(realm, created.json().get("id").asText(), audience,
                URI.create(created.json().get("pushEndpoint").asText()));
    }

    private static String realm() {
        return TestRealm.named("ssf").languages().smtp(mailbox.port())
                .user("alice", "alice-Passw0rd")
                .user("bruno", "bruno-Passw0rd").userAttribute("bruno", "locale", "de")
                .user("carol", "carol-Passw0rd")
                .user("dave", "dave-Passw0rd")
                .user("erin", "erin-Passw0rd")
                .user("usermanager", "usermanager-Passw0rd", "manage-users", "view-users")
                .user("realmmanager", "realmmanager-Passw0rd", "manage-realm", "view-realm")
                .users("u", 5)
                .adminEvents()
                .create(admin);
    }

    private static int push(Receiver r, String set) throws Exception {
        HttpResponse<String> response = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), set);
        if (response.statusCode() != 202) {
            System.out.println("[ssf-it] push answered " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    private static void assertRefused(Receiver r, int status, String err, String set) throws Exception {
        HttpResponse<String> response = TestTransmitter.push(r.pushEndpoint, tx.pushToken(), set);
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = AdminApi.JSON.readTree(response.body());
        assertEquals(err, body.get("err").asText(), response.body());
        assertTrue(body.get("description").asText().length() > 0);
    }

    /** Lets the user profile keep unmanaged attributes and gives the user a phone number. */
    private static void setPhoneNumber(String realm, String username, String phone) {
        ObjectNode profile = (ObjectNode) admin.get("/admin/realms/" + realm + "/users/profile").json();
        profile.put("unmanagedAttributePolicy", "ENABLED");
        AdminApi.Reply saved = admin.put("/admin/realms/" + realm + "/users/profile", profile.toString());
        assertEquals(200, saved.status(), saved.toString());
        String userPath = "/admin/realms/" + realm + "/users/" + admin.userId(realm, username);
        ObjectNode user = (ObjectNode) admin.get(userPath).json();
        user.withObject("attributes").putArray("phoneNumber").add(phone);
        AdminApi.Reply updated = admin.put(userPath, user.toString());
        assertEquals(204, updated.status(), updated.toString());
    }

    /** The first mail to {@code to} whose text contains {@code text}: other tests' realms mail the same addresses. */
    private static Mailbox.Mail awaitMail(String to, String text) throws InterruptedException {
        Mailbox.Mail[] found = new Mailbox.Mail[1];
        await("a mail to " + to + " saying '" + text + "'", () -> {
            found[0] = mailbox.to(to).stream().filter(m -> m.text() != null && m.text().contains(text)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Waited 30 s for " + what);
    }

    private static String transmitter(Receiver r) {
        return base(r.realm) + "/transmitters/" + r.id;
    }

    private static String flagOf(String realm, String username) {
        return base(realm) + "/users/" + admin.userId(realm, username) + "/flag";
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/compromised-credentials";
    }
}
