package com.compromisedcredentials.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Recognises the events that mean a user's password was changed, by whatever path, and names the path.
 * Plain functions of the event, so they are unit-tested without a server.
 */
public final class PasswordChangeEvents {

    /** The user changed it: the reset page, the account console, Keycloak's forgot-password flow. */
    public static final String BY_USER = "password-updated";
    /** An admin set a new password (admin console, admin REST API, kcadm.sh). */
    public static final String BY_ADMIN = "admin-password-reset";

    private static final Pattern ADMIN_RESET_PATH = Pattern.compile("^users/([^/]+)/reset-password$");

    private PasswordChangeEvents() {
    }

    /** The resolution to record if this user event is a successful password change. */
    public static Optional<String> resolution(Event event) {
        if (event.getUserId() == null || event.getError() != null) {
            return Optional.empty();
        }
        if (event.getType() == EventType.UPDATE_PASSWORD) {
            return Optional.of(BY_USER);
        }
        if (event.getType() == EventType.UPDATE_CREDENTIAL && event.getDetails() != null
                && PasswordCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return Optional.of(BY_USER);
        }
        return Optional.empty();
    }

    /** The id of the user whose password an admin has just set, if this admin event is that. */
    public static Optional<String> adminPasswordResetUserId(AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.ACTION
                || event.getResourcePath() == null || event.getError() != null) {
            return Optional.empty();
        }
        Matcher matcher = ADMIN_RESET_PATH.matcher(event.getResourcePath());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
