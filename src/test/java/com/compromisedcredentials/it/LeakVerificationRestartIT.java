package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code leakVerification} {@code immediate} when the node is killed mid-job: the candidates checked before stay
 * settled, the rest stay SUSPECTED for the login check, and nobody is checked again after the restart.
 */
@ExtendWith(KeycloakExtension.class)
class LeakVerificationRestartIT {

    private static final int CANDIDATES = 600;

    @Test
    void aKillMidJobLosesNobodyAndChecksNobodyTwice(AdminApi admin, KeycloakServer server) {
        String realm = TestRealm.named("leak-restart").accounts("c", CANDIDATES).create(admin);
        admin.setPolicy(realm, Map.of("leakVerification", "immediate", "emailOnFlag", "false"));
        String base = "/admin/realms/" + realm + "/compromised-credentials";

        List<Map<String, String>> subjects = new ArrayList<>();
        for (int i = 1; i <= CANDIDATES; i++) {
            subjects.add(Map.of("username", String.format("c%03d", i), "password", "guess-" + i));
        }
        JsonNode summary = admin.post(base + "/signals", Map.of("source", "combolist", "reason", "credential-leak",
                "subjects", subjects)).json();
        assertEquals(CANDIDATES, summary.get("suspected").asInt(), summary.toString());
        String batch = base + "/batches/" + summary.get("batchId").asText();

        long deadline = System.currentTimeMillis() + 60_000;
        while (admin.get(batch).json().get("dismissed").asInt() < 5 && System.currentTimeMillis() < deadline) {
            Mailbox.sleep(50);
        }
        // H2 writes its commits to the file a moment later: let those seen be on disk before the crash
        Mailbox.sleep(2_000);
        server.kill();
        server.restart();

        JsonNode after = admin.get(batch).json();
        int dismissed = after.get("dismissed").asInt();
        int waiting = after.get("suspected").asInt();
        assertEquals(CANDIDATES, dismissed + waiting, "every candidate is either checked or still waiting: " + after);
        assertEquals(0, after.get("confirmed").asInt(), after.toString());
        assertTrue(dismissed >= 5, after.toString());
        assertTrue(waiting > 0, "the node was killed before the job ended: " + after);

        // the plaintexts died with the node: nobody is checked again, the rest wait for their owner's login
        Mailbox.sleep(15_000);
        JsonNode later = admin.get(batch).json();
        assertEquals(dismissed, later.get("dismissed").asInt(), later.toString());
        assertEquals(waiting, later.get("suspected").asInt(), later.toString());
        JsonNode stillSuspected = admin.get(base + "/flags?state=SUSPECTED&max=1000").json();
        assertEquals(waiting, stillSuspected.size());
        JsonNode settled = admin.get(base + "/flags?state=DISMISSED&max=1000").json();
        assertEquals(dismissed, settled.size());
        for (JsonNode flag : settled) {
            assertEquals("password-differs", flag.get("resolution").asText(), flag.toString());
        }
    }
}
