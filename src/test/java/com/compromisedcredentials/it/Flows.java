package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A realm's login flows with the {@code compromised-credentials-check} after the password, set up as an admin would. */
final class Flows {

    private Flows() {
    }

    /** Copies the browser and direct-grant flows with the check after the password and makes them the realm's. */
    static void checkAfterPassword(AdminApi admin, String realm) {
        String flows = "/admin/realms/" + realm + "/authentication/flows";
        addCheck(admin, flows, "browser", "browser-check", "browser-check%20forms");
        addCheck(admin, flows, "direct%20grant", "direct-grant-check", "direct-grant-check");
        assertEquals(204, admin.put("/admin/realms/" + realm, Map.of("browserFlow", "browser-check",
                "directGrantFlow", "direct-grant-check")).status());
    }

    private static void addCheck(AdminApi admin, String flows, String from, String copy, String executionsOf) {
        assertEquals(201, admin.post(flows + "/" + from + "/copy", Map.of("newName", copy)).status());
        AdminApi.Reply added = admin.post(flows + "/" + executionsOf + "/executions/execution", Map.of("provider", "compromised-credentials-check"));
        assertEquals(201, added.status(), added.toString());
        for (JsonNode execution : admin.get(flows + "/" + copy + "/executions").json()) {
            if ("compromised-credentials-check".equals(execution.path("providerId").asText())) {
                ((ObjectNode) execution).put("requirement", "REQUIRED");
                assertTrue(admin.put(flows + "/" + copy + "/executions", execution).status() / 100 == 2);
            }
        }
    }
}
