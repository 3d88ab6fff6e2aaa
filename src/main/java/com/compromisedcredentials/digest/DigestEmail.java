package com.compromisedcredentials.digest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.loginsignal.LoginSignalStore;
import com.compromisedcredentials.notify.Masking;
import com.compromisedcredentials.notify.MessageKind;
import com.compromisedcredentials.notify.Outbox;
import com.compromisedcredentials.support.web.DashboardPaths;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.light.LightweightUserAdapter;

/**
 * Renders a realm's admin digest with the realm's email theme ({@code cc-digest.ftl}, which a theme may override), in
 * the realm's default language, and sends it to each recipient through Keycloak's email sender.
 */
final class DigestEmail {

    private static final Logger LOG = Logger.getLogger(DigestEmail.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    DigestEmail(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Sends the digest of {@code period} to each recipient; returns how many it reached. */
    int send(DigestPeriod period, List<String> recipients, long now) {
        session.getContext().setRealm(realm);
        FlagStore.DigestCounts counts = session.getProvider(FlagStore.class).digestCounts(realm.getId(), period.from(), period.to());
        int attacks = session.getProvider(LoginSignalStore.class).activeAttacks(realm.getId(), now).size();
        Outbox outbox = session.getProvider(Outbox.class);
        String base = realm.getAttribute("frontendUrl");
        if (base == null || base.isBlank()) {
            base = outbox.lastBaseUrl(realm.getId()).orElse(null);
        }
        String siteName = realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();

        int sent = 0;
        for (String recipient : recipients) {
            LightweightUserAdapter admin = new LightweightUserAdapter(session, realm, null);
            admin.setEmail(recipient);
            admin.setEmailVerified(true);
            admin.setUsername("compromised-credentials-admins");
            Locale locale = session.getContext().resolveLocale(admin, true);
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
            attributes.put("ccSiteName", siteName);
            attributes.put("ccDigestFrom", date(period.from(), locale));
            attributes.put("ccDigestTo", date(period.to() - 1, locale));
            attributes.put("ccDigestNewFlags", counts.newFlagsTotal());
            attributes.put("ccDigestBySource", counts.newFlags().stream()
                    .map(c -> Map.of("source", c.source(), "reason", c.reason(), "count", c.count())).toList());
            attributes.put("ccDigestResolved", counts.resolved());
            attributes.put("ccDigestDismissed", counts.dismissed());
            attributes.put("ccDigestNotTold", counts.notTold());
            attributes.put("ccDigestHeld", counts.heldWaiting());
            attributes.put("ccDigestAttacks", attacks);
            attributes.put("ccConsoleUrl", base == null ? null
                    : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + DashboardPaths.console(realm.getName()));
            try {
                session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(admin)
                        .send(MessageKind.DIGEST.subjectKey(), List.of(siteName, counts.newFlagsTotal()), MessageKind.DIGEST.template(),
                                attributes);
                outbox.recordSent(realm.getId(), MessageKind.DIGEST, null, null);
                sent++;
            } catch (EmailException e) {
                LOG.warnf("The admin digest of realm %s could not be sent to %s: %s", realm.getName(), Masking.email(recipient),
                        Masking.emailsIn(String.valueOf(e.getMessage())));
            }
        }
        return sent;
    }

    private static String date(long millis, Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }
}
