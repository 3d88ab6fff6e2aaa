package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's caps on address lists: a realm policy naming more lists than the server allows is refused with 400. */
@ExtendWith(KeycloakExtension.class)
class AddressListCapsIT {

    private final AdminApi admin;

    AddressListCapsIT(AdminApi admin) {
        this.admin = admin;
    }

    @Test
    void aPolicyWithMoreListsThanTheServerAllowsIsRefusedAndNothingIsStored() {
        String realm = TestRealm.named("list-caps").user("victim", "victim-Passw0rd").create(admin);
        String config = "/admin/realms/" + realm + "/authentication/required-actions/COMPROMISED_PASSWORD_RESET/config";

        AdminApi.Reply tooMany = admin.put(config, Map.of("config", Map.of("loginSignalsEnabled", "true",
                "loginSignalsAddressLists", lists(11))));
        assertEquals(400, tooMany.status(), tooMany.toString());
        assertTrue(tooMany.toString().contains("11 lists, more than this server allows per realm (10"), tooMany.toString());
        assertEquals("", admin.get("/admin/realms/" + realm + "/compromised-credentials/policy").json()
                .get("loginSignalsAddressLists").asText(), "nothing stored");

        AdminApi.Reply enough = admin.put(config, Map.of("config", Map.of("loginSignalsAddressLists", lists(10))));
        assertEquals(204, enough.status(), enough.toString());
    }

    private static String lists(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "https://feeds.example.com/list-" + i + ".txt").collect(Collectors.joining(", "));
    }
}
