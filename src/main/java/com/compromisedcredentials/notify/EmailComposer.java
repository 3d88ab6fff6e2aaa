package com.compromisedcredentials.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.compromisedcredentials.support.web.DashboardPaths;
import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.light.LightweightUserAdapter;

/**
 * Renders one outbox message with the realm's email theme (the templates are theme resources, so any theme
 * can override them) in the recipient's language, and hands it to the dispatcher's {@link Postman}: its pooled SMTP
 * connections. If the server runs an email template provider other than Keycloak's own, that provider renders and sends
 * the email as it would Keycloak's own emails (one connection per email).
 */
public class EmailComposer {

    /** What happened to a message: sent, or deliberately not sent and why. */
    public record Outcome(boolean sent, String why, String flagId) {
        static Outcome sent(String flagId) {
            return new Outcome(true, null, flagId);
        }

        static Outcome skipped(String why) {
            return new Outcome(false, why, null);
        }
    }

    /** Sends a rendered email with the realm's SMTP settings. */
    @FunctionalInterface
    public interface Postman {
        void send(RealmModel realm, OutgoingEmail email) throws EmailException;
    }

    static final int SAMPLE_SIZE = 10;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final FlagStore store;
    private final RealmPolicy policy;
    private final Postman postman;

    public EmailComposer(KeycloakSession session, RealmModel realm, Postman postman) {
        this.session = session;
        this.realm = realm;
        this.postman = postman;
        this.store = session.getProvider(FlagStore.class);
        this.policy = RealmPolicy.of(realm);
    }

    public Outcome send(OutboxMessage message) throws EmailException {
        return message.kind() == MessageKind.BATCH_HELD || message.kind() == MessageKind.BATCH_PAUSED ? sendBatchHeld(message)
                : sendToUser(message);
    }

    private Outcome sendToUser(OutboxMessage message) throws EmailException {
        UserModel user = session.users().getUserById(realm, message.userId());
        if (user == null) {
            return Outcome.skipped("user removed");
        }
        Optional<Flag> flag = message.kind() == MessageKind.FLAGGED
                ? store.findActive(realm.getId(), user.getId())
                : store.findFlag(realm.getId(), message.flagId());
        if (flag.isEmpty()) {
            return Outcome.skipped("the flag is no longer active");
        }
        String unreachable = user.getEmail() == null || user.getEmail().isBlank() ? "no email address"
                : !user.isEmailVerified() && policy.flag(PolicySetting.EMAIL_REQUIRE_VERIFIED) ? "email address not verified" : null;
        if (unreachable != null) {
            if (message.kind() == MessageKind.FLAGGED) {
                store.setNotification(flag.get().id(), "skipped: " + unreachable);
            }
            return Outcome.skipped(unreachable);
        }

        Locale locale = session.getContext().resolveLocale(user, true);
        Map<String, Object> attributes = common(message);
        attributes.put("ccReasonKey", "ccReason." + flag.get().reason().wireName());
        attributes.put("ccUserMessage", flag.get().userMessage());
        attributes.put("ccFlaggedOn", date(flag.get().createdAt(), locale));
        attributes.put("ccChangedOn", flag.get().resolvedAt() == null ? null : date(flag.get().resolvedAt(), locale));
        attributes.put("ccUsername", user.getUsername());
        deliver(user, user.getEmail(), message.kind().subjectKey(), List.of(siteName()), message.kind().template(), attributes);
        if (message.kind() == MessageKind.FLAGGED) {
            store.setNotification(flag.get().id(), "sent");
        }
        return Outcome.sent(flag.get().id());
    }

    private Outcome sendBatchHeld(OutboxMessage message) throws EmailException {
        Optional<Batch> batch = store.findBatch(realm.getId(), message.batchId());
        if (batch.isEmpty()) {
            return Outcome.skipped("batch removed");
        }
        Map<String, Object> attributes = common(message);
        Batch b = batch.get();
        attributes.put("ccBatchId", b.id());
        attributes.put("ccBatchSource", b.source());
        attributes.put("ccBatchReason", b.reason().wireName());
        attributes.put("ccBatchSubmitter", b.actorName() == null ? b.source() : b.actorName());
        attributes.put("ccBatchNewFlags", b.counts().newlyFlagged());
        attributes.put("ccBatchReceived", b.counts().received());
        attributes.put("ccBatchHoldReason", b.holdReason());
        attributes.put("ccBatchPauseReason", b.canary() == null ? null : b.canary().pauseReason());
        attributes.put("ccBatchSlice", b.canary() == null ? 0 : b.canary().slice());
        attributes.put("ccBatchRest", b.counts().staged());
        attributes.put("ccBatchUserMessage", b.userMessage());
        attributes.put("ccBatchEvidence", b.evidence());
        List<Subject> subjects = store.batchSubjects(b.id());
        attributes.put("ccBatchSample", subjects.stream().limit(SAMPLE_SIZE)
                .map(s -> s.kind() == SubjectKind.EMAIL ? Masking.email(s.value()) : s.value()).toList());
        attributes.put("ccBatchMore", Math.max(0, subjects.size() - SAMPLE_SIZE));
        String api = "/admin/realms/" + realm.getName() + "/compromised-credentials/batches/" + b.id();
        attributes.put("ccApprovePath", api + "/approve");
        attributes.put("ccRejectPath", api + "/reject");
        attributes.put("ccContinuePath", api + "/continue");
        attributes.put("ccRevertPath", api + "/revert");
        attributes.put("ccDropRestPath", api + "/drop-rest");
        String base = (String) attributes.get("ccServerUrl");
        attributes.put("ccConsoleUrl", base == null ? null : base + DashboardPaths.console(realm.getName()) + "#held-batches");

        LightweightUserAdapter recipient = new LightweightUserAdapter(session, realm, null);
        recipient.setEmail(message.recipient());
        recipient.setEmailVerified(true);
        recipient.setUsername("compromised-credentials-admins");
        // to the recipient through the stand-in user's address (for another template provider: the variant with a
        // destination argument is not in 26.4)
        deliver(recipient, message.recipient(), message.kind().subjectKey(), List.of(siteName(), b.counts().newlyFlagged()),
                message.kind().template(), attributes);
        return Outcome.sent(null);
    }

    private void deliver(UserModel user, String to, String subjectKey, List<Object> subjectAttributes, String template,
            Map<String, Object> attributes) throws EmailException {
        EmailTemplateProvider templates = session.getProvider(EmailTemplateProvider.class);
        if (templates.getClass() != FreeMarkerEmailTemplateProvider.class) {
            templates.setRealm(realm).setUser(user).send(subjectKey, subjectAttributes, template, attributes);
            return;
        }
        postman.send(realm, new ThemedEmail(session).render(realm, user, to, subjectKey, subjectAttributes, template, attributes));
    }

    private Map<String, Object> common(OutboxMessage message) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        attributes.put("ccSiteName", siteName());
        String support = policy.value(PolicySetting.SUPPORT_CONTACT);
        attributes.put("ccSupport", support.isBlank() ? null : support);
        String base = message.baseUrl();
        if (base != null && !base.endsWith("/")) {
            base = base + "/";
        }
        attributes.put("ccServerUrl", base);
        attributes.put("ccAccountUrl", base == null || !policy.flag(PolicySetting.EMAIL_INCLUDE_LINK) ? null
                : base + "realms/" + realm.getName() + "/account/");
        return attributes;
    }

    private String siteName() {
        return realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
    }

    private static String date(long millis, Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }
}
