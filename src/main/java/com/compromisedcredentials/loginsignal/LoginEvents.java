package com.compromisedcredentials.loginsignal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/**
 * Which events are logins that count: a successful {@code LOGIN} (not through an identity provider, where no
 * password of ours was used), and a {@code LOGIN_ERROR} whose error says the credentials were refused or the
 * account could not be used. Errors about the request itself (an expired page, a missing cookie) do not count.
 * Plain functions of the event, unit-tested without a server.
 */
public final class LoginEvents {

    static final Set<String> CREDENTIAL_ERRORS = Set.of(Errors.INVALID_USER_CREDENTIALS, Errors.USER_NOT_FOUND,
            Errors.USER_DISABLED, Errors.USER_TEMPORARILY_DISABLED, Errors.INVALID_USER);

    private LoginEvents() {
    }

    public static Optional<LoginObservation> observe(Event event) {
        if (event.getRealmId() == null || event.getIpAddress() == null || event.getIpAddress().length() > LoginObservation.MAX_ADDRESS) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        String username = details.get(Details.USERNAME);
        if (username != null) {
            username = username.trim().toLowerCase(Locale.ROOT);
            if (username.length() > LoginObservation.MAX_USERNAME) {
                username = username.substring(0, LoginObservation.MAX_USERNAME);
            }
        }
        if (event.getType() == EventType.LOGIN && event.getError() == null && event.getUserId() != null
                && !details.containsKey(Details.IDENTITY_PROVIDER)) {
            return Optional.of(new LoginObservation(event.getRealmId(), true, event.getIpAddress(), username, event.getUserId(), event.getTime()));
        }
        if (event.getType() == EventType.LOGIN_ERROR && CREDENTIAL_ERRORS.contains(event.getError())
                && (event.getUserId() != null || username != null && !username.isEmpty())) {
            return Optional.of(new LoginObservation(event.getRealmId(), false, event.getIpAddress(), username, event.getUserId(), event.getTime()));
        }
        return Optional.empty();
    }
}
