package com.compromisedcredentials.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class PasswordChangeEventsTest {

    @Test
    void userPasswordChangesResolve() {
        assertEquals(Optional.of(PasswordChangeEvents.BY_USER), PasswordChangeEvents.resolution(event(EventType.UPDATE_PASSWORD, null)));
        assertEquals(Optional.of(PasswordChangeEvents.BY_USER),
                PasswordChangeEvents.resolution(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password"))));
    }

    @Test
    void otherEventsDoNot() {
        assertEquals(Optional.empty(), PasswordChangeEvents.resolution(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp"))));
        assertEquals(Optional.empty(), PasswordChangeEvents.resolution(event(EventType.LOGIN, null)));
        assertEquals(Optional.empty(), PasswordChangeEvents.resolution(event(EventType.UPDATE_PASSWORD_ERROR, null)));
        Event failed = event(EventType.UPDATE_PASSWORD, null);
        failed.setError("password_rejected");
        assertEquals(Optional.empty(), PasswordChangeEvents.resolution(failed));
    }

    @Test
    void adminResetPasswordNamesTheUser() {
        assertEquals(Optional.of("u-1"), PasswordChangeEvents.adminPasswordResetUserId(admin(ResourceType.USER, OperationType.ACTION, "users/u-1/reset-password")));
        assertEquals(Optional.empty(), PasswordChangeEvents.adminPasswordResetUserId(admin(ResourceType.USER, OperationType.ACTION, "users/u-1/execute-actions-email")));
        assertEquals(Optional.empty(), PasswordChangeEvents.adminPasswordResetUserId(admin(ResourceType.USER, OperationType.UPDATE, "users/u-1")));
        assertEquals(Optional.empty(), PasswordChangeEvents.adminPasswordResetUserId(admin(ResourceType.CLIENT, OperationType.ACTION, "users/u-1/reset-password")));
    }

    private static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setRealmId("r");
        event.setUserId("u");
        event.setDetails(details);
        return event;
    }

    private static AdminEvent admin(ResourceType type, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setResourceType(type);
        event.setOperationType(operation);
        event.setResourcePath(path);
        event.setRealmId("r");
        return event;
    }
}
