package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

class LoginEventsTest {

    @Test
    void aSuccessfulLoginIsObserved() {
        LoginObservation o = LoginEvents.observe(event(EventType.LOGIN, null, "u-1", Map.of("username", "Alice"))).orElseThrow();
        assertTrue(o.success());
        assertEquals("u-1", o.userId());
        assertEquals("alice", o.username());
        assertEquals("203.0.113.5", o.address());
        assertEquals(1234L, o.at());
    }

    @Test
    void credentialFailuresAreObservedWithWhatWasTyped() {
        LoginObservation unknown = LoginEvents.observe(event(EventType.LOGIN_ERROR, "user_not_found", null, Map.of("username", " Nobody "))).orElseThrow();
        assertFalse(unknown.success());
        assertNull(unknown.userId());
        assertEquals("nobody", unknown.username());
        assertTrue(LoginEvents.observe(event(EventType.LOGIN_ERROR, "invalid_user_credentials", "u-1", Map.of("username", "alice"))).isPresent());
        assertTrue(LoginEvents.observe(event(EventType.LOGIN_ERROR, "user_temporarily_disabled", "u-1", Map.of())).isPresent());
        String longName = "x".repeat(1000);
        assertEquals(256, LoginEvents.observe(event(EventType.LOGIN_ERROR, "user_not_found", null, Map.of("username", longName)))
                .orElseThrow().username().length());
    }

    @Test
    void otherEventsAreNot() {
        assertEquals(Optional.empty(), LoginEvents.observe(event(EventType.LOGIN_ERROR, "expired_code", null, Map.of("username", "a"))));
        assertEquals(Optional.empty(), LoginEvents.observe(event(EventType.LOGIN_ERROR, "cookie_not_found", null, Map.of())));
        assertEquals(Optional.empty(), LoginEvents.observe(event(EventType.LOGIN_ERROR, "user_not_found", null, Map.of())), "no username");
        assertEquals(Optional.empty(), LoginEvents.observe(event(EventType.LOGIN, null, "u-1", Map.of("identity_provider", "google"))));
        assertEquals(Optional.empty(), LoginEvents.observe(event(EventType.CODE_TO_TOKEN, null, "u-1", Map.of())));
        assertEquals(Optional.empty(), LoginEvents.observe(event(EventType.REGISTER, null, "u-1", Map.of())));
        Event noAddress = event(EventType.LOGIN, null, "u-1", Map.of());
        noAddress.setIpAddress(null);
        assertEquals(Optional.empty(), LoginEvents.observe(noAddress));
    }

    private static Event event(EventType type, String error, String userId, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setError(error);
        event.setRealmId("r");
        event.setUserId(userId);
        event.setIpAddress("203.0.113.5");
        event.setTime(1234L);
        event.setDetails(new HashMap<>(details));
        return event;
    }
}
