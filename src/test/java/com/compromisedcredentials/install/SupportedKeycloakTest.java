package com.compromisedcredentials.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SupportedKeycloakTest {

    @Test
    void theTestedLinesAreSupported() {
        for (String version : new String[] {"26.4.0", "26.4.7", "26.5.6", "26.7.0", "26.7.3"}) {
            assertTrue(SupportedKeycloak.problem(version).isEmpty(), version);
        }
    }

    @Test
    void otherVersionsAreNamedAtStartUp() {
        for (String version : new String[] {"26.6.0", "26.8.1", "25.0.6", "27.0.0", "999.0.0-SNAPSHOT"}) {
            String problem = SupportedKeycloak.problem(version).orElseThrow();
            assertTrue(problem.contains(version) && problem.contains("26.4, 26.5, 26.7"), problem);
        }
        assertFalse(SupportedKeycloak.problem("not a version").isEmpty());
        assertFalse(SupportedKeycloak.problem(null).isEmpty());
    }
}
