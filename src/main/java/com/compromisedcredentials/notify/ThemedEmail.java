package com.compromisedcredentials.notify;

import java.util.List;
import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak's own email rendering (the realm's email theme, FreeMarker, the user's language) without its sending:
 * {@code processTemplate} is what Keycloak's {@code send(...)} calls before handing the result to its
 * {@code EmailSenderProvider}, which opens a new SMTP connection per email. The dispatcher renders here and sends over
 * its own pooled connections ({@link SmtpConnections}). {@code processTemplate} has the same signature from 26.4 on.
 */
final class ThemedEmail extends FreeMarkerEmailTemplateProvider {

    ThemedEmail(KeycloakSession session) {
        super(session);
    }

    /** Renders {@code template} for {@code user} (whose language it uses) as an email to {@code to}. */
    OutgoingEmail render(RealmModel realm, UserModel user, String to, String subjectKey, List<Object> subjectAttributes,
            String template, Map<String, Object> attributes) throws EmailException {
        setRealm(realm);
        setUser(user);
        EmailTemplate email = processTemplate(subjectKey, subjectAttributes, template, attributes);
        return new OutgoingEmail(to, email.getSubject(), email.getTextBody(), email.getHtmlBody());
    }
}
