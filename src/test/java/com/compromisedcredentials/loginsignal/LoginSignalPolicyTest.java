package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.support.net.ClientAddress;
import org.junit.jupiter.api.Test;

class LoginSignalPolicyTest {

    @Test
    void offByDefaultWithTheDocumentedDefaults() {
        LoginSignalPolicy p = LoginSignalPolicy.of(RealmPolicy.of(Map.of()));
        assertFalse(p.enabled());
        assertEquals(20, p.stuffingMinUsernames());
        assertEquals(10, p.sprayingMinAccounts());
        assertEquals(2, p.sprayingMaxAttemptsPerAccount());
        assertEquals(80, p.minFailurePercent());
        assertEquals(32, p.ipv4Prefix());
        assertEquals(64, p.ipv6Prefix());
        assertTrue(p.flagOnAttack());
        assertTrue(p.flagOnListed());
        assertTrue(p.lists().isEmpty());
        assertTrue(p.ignored().isEmpty());
    }

    @Test
    void anAdminsMistakesAreRefusedWhereTheConsoleSavesThem() {
        assertEquals(List.of(), RealmPolicy.problems(Map.of("loginSignalsEnabled", "true", "loginSignalsIpv4Prefix", "24",
                "loginSignalsAddressLists", "https://feeds.example.com/a.txt, file:/opt/lists/b.txt",
                "loginSignalsIgnoredAddresses", "10.0.0.0/8 2001:db8::/32", "loginSignalsListAction", "record")));
        assertEquals(1, RealmPolicy.problems(Map.of("loginSignalsIpv4Prefix", "33")).size());
        assertEquals(1, RealmPolicy.problems(Map.of("loginSignalsIpv6Prefix", "8")).size());
        assertEquals(1, RealmPolicy.problems(Map.of("loginSignalsAttackAction", "lock")).size());
        assertTrue(RealmPolicy.problems(Map.of("loginSignalsAddressLists", "http://feeds.example.com/a.txt")).get(0)
                .startsWith("loginSignalsAddressLists"));
        assertTrue(RealmPolicy.problems(Map.of("loginSignalsIgnoredAddresses", "10.0.0.0/8, intranet")).get(0)
                .contains("'intranet' is not an IP address"));
    }

    @Test
    void aBadStoredValueReadsAsTheDefault() {
        LoginSignalPolicy p = LoginSignalPolicy.of(RealmPolicy.of(Map.of("loginSignalsEnabled", "true",
                "loginSignalsAddressLists", "ftp://nope", "loginSignalsIpv4Prefix", "24")));
        assertTrue(p.enabled());
        assertTrue(p.lists().isEmpty());
        assertEquals("198.51.100.0/24", p.bucket(ClientAddress.parse("198.51.100.7").orElseThrow()));
    }
}
