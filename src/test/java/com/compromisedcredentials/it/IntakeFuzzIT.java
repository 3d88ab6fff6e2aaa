package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.compromisedcredentials.fuzz.Mutator;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutated intake requests against the real endpoint, for a bounded number of requests: never a 500, and
 * never a partial apply — every stored batch is one the API answered 201 for, and every flag belongs to one; and
 * not vacuously: some mutated requests were accepted, and each applied one has all its flags.
 */
@ExtendWith(KeycloakExtension.class)
class IntakeFuzzIT {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 300);
    /**
     * Fewer accepted mutated requests than this, and the mutations hardly reached past the parser: the run proved little.
     * (About 1 in 100 mutated requests is still valid; the default seed's 300 give 3.)
     */
    private static final int MIN_ACCEPTED = 3;

    @Test
    void mutatedRequestsGetClearAnswersAndNothingHalfApplied(AdminApi admin) {
        String realm = TestRealm.named("fuzz").users("fz", 10).create(admin);
        admin.setPolicy(realm, Map.of("maxFlagsPerHour", "3", "emailOnFlag", "false"));
        Mutator mutator = new Mutator(Long.getLong("fuzz.seed", 20261126L), List.of(
                "{\"source\":\"feed\",\"reason\":\"credential-leak\",\"subjects\":[{\"username\":\"fz01\"},{\"email\":\"fz02@example.com\"}]}",
                "{\"source\":\"s\",\"reason\":\"phishing\",\"dryRun\":true,\"idempotencyKey\":\"k1\",\"subjects\":[{\"username\":\"fz03\"}]}",
                "{\"source\":\"s\",\"reason\":\"malware\",\"userMessage\":\"m\",\"subjects\":[{\"username\":\"fz04\"},{\"username\":\"fz05\"},{\"username\":\"fz06\"},{\"username\":\"fz07\"}]}"));
        Map<Integer, Integer> statuses = new TreeMap<>();
        int created = 0;
        int accepted = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String body = new String(mutator.next(), StandardCharsets.UTF_8);
            AdminApi.Reply reply = admin.call("POST", "/admin/realms/" + realm + "/compromised-credentials/signals", body, admin.adminToken());
            statuses.merge(reply.status(), 1, Integer::sum);
            assertTrue(List.of(200, 201, 400, 413).contains(reply.status()), "HTTP " + reply.status() + " for " + body + ": " + reply.body());
            if (reply.status() >= 400) {
                assertTrue(reply.json().hasNonNull("error"), reply.body());
            }
            if (reply.status() == 201) {
                created++;
            }
            if (reply.status() / 100 == 2) {
                accepted++; // 200: an earlier batch with the same idempotency key
            }
        }
        JsonNode batches = admin.get("/admin/realms/" + realm + "/compromised-credentials/batches?max=1000").json();
        assertEquals(created, batches.size(), "stored batches = answered 201; statuses: " + statuses);
        java.util.Set<String> batchIds = new java.util.HashSet<>();
        int planned = 0;
        for (JsonNode batch : batches) {
            batchIds.add(batch.get("batchId").asText());
            if ("APPLIED".equals(batch.get("state").asText())) {
                planned += batch.get("newlyFlagged").asInt();
            }
        }
        JsonNode flags = admin.get("/admin/realms/" + realm + "/compromised-credentials/flags?max=1000").json();
        Map<String, Integer> flagsPerBatch = new TreeMap<>();
        for (JsonNode flag : flags) {
            assertTrue(batchIds.contains(flag.get("batchId").asText()), "a flag of an unknown batch: " + flag);
            flagsPerBatch.merge(flag.get("batchId").asText(), 1, Integer::sum);
        }
        assertEquals(planned, flags.size(), "every applied batch's flags, and no others");
        // the mutations did reach the intake: some were accepted, and each applied one is there whole
        int appliedWithFlags = 0;
        for (JsonNode batch : batches) {
            if ("APPLIED".equals(batch.get("state").asText()) && batch.get("newlyFlagged").asInt() > 0) {
                appliedWithFlags++;
                assertEquals(batch.get("newlyFlagged").asInt(), flagsPerBatch.getOrDefault(batch.get("batchId").asText(), 0),
                        "the batch's flags, all of them: " + batch);
            }
        }
        System.out.println("[fuzz] " + REQUESTS + " requests: " + statuses + ", " + created + " batches stored, "
                + appliedWithFlags + " applied with flags");
        assertTrue(accepted >= MIN_ACCEPTED, "only " + accepted + " mutated requests were accepted; statuses: " + statuses);
        assertTrue(appliedWithFlags >= 1, "no mutated request was applied with flags: " + batches);
    }
}
