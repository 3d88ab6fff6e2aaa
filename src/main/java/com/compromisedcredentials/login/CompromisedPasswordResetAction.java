package com.compromisedcredentials.login;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.signal.SignalService;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.FormMessage;

/**
 * {@code COMPROMISED_PASSWORD_RESET}: a user with an active flag must choose a new password, different
 * from the compromised one and allowed by the realm's password policy, before the login completes.
 *
 * <p>The trigger is the flag store, not the user's stored required actions: one indexed lookup per login,
 * and a flag that is dismissed or reverted stops being enforced at once.
 */
public class CompromisedPasswordResetAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(CompromisedPasswordResetAction.class);

    static final String TEMPLATE = "compromised-password-reset.ftl";
    static final String FIELD_NEW = "password-new";
    static final String FIELD_CONFIRM = "password-confirm";

    /** How a flag resolved by this page is recorded. */
    public static final String RESOLUTION = "required-action";
    /** How a flag is recorded when the password had already been changed by some path we did not see. */
    public static final String RESOLUTION_ALREADY_CHANGED = "password-changed";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        Optional<Flag> flag = store(context).findActive(context.getRealm().getId(), user.getId());
        if (flag.isEmpty()) {
            return;
        }
        if (passwordChangedSince(user, flag.get().createdAt())) {
            new SignalService(context.getSession(), context.getRealm()).resolve(user.getId(), RESOLUTION_ALREADY_CHANGED);
            return;
        }
        if (user.getRequiredActionsStream().noneMatch(ProviderIds.RESET_REQUIRED_ACTION::equals)) {
            user.addRequiredAction(ProviderIds.RESET_REQUIRED_ACTION);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<Flag> flag = activeFlag(context);
        if (flag.isEmpty()) {
            context.success(); // dismissed or reverted since the login began: nothing to do
            return;
        }
        context.challenge(form(context, flag.get()).createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        Optional<Flag> flag = activeFlag(context);
        if (flag.isEmpty()) {
            context.success();
            return;
        }
        UserModel user = context.getUser();
        MultivaluedMap<String, String> formData = context.getHttpRequest().getDecodedFormParameters();
        String passwordNew = formData.getFirst(FIELD_NEW);
        String passwordConfirm = formData.getFirst(FIELD_CONFIRM);

        EventBuilder event = context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE)
                .detail(Details.CUSTOM_REQUIRED_ACTION, ProviderIds.RESET_REQUIRED_ACTION);
        EventBuilder errorEvent = event.clone().event(EventType.UPDATE_CREDENTIAL_ERROR);

        if (passwordNew == null || passwordNew.isBlank()) {
            retry(context, flag.get(), new FormMessage(FIELD_NEW, "missingPasswordMessage"));
            errorEvent.error(Errors.PASSWORD_MISSING);
            return;
        }
        if (!passwordNew.equals(passwordConfirm)) {
            retry(context, flag.get(), new FormMessage(FIELD_CONFIRM, "notMatchPasswordMessage"));
            errorEvent.error(Errors.PASSWORD_CONFIRM_ERROR);
            return;
        }
        if (user.credentialManager().isValid(UserCredentialModel.password(passwordNew))) {
            retry(context, flag.get(), new FormMessage(FIELD_NEW, "ccPasswordSameAsCompromised"));
            errorEvent.detail(Details.REASON, "same as compromised password").error(Errors.PASSWORD_REJECTED);
            return;
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(passwordNew, false));
        } catch (ModelException e) {
            // the realm's password policy refused it; its message key says why
            retry(context, flag.get(), new FormMessage(FIELD_NEW, e.getMessage(), e.getParameters()));
            errorEvent.detail(Details.REASON, e.getMessage()).error(Errors.PASSWORD_REJECTED);
            return;
        }
        new SignalService(context.getSession(), context.getRealm()).resolve(user.getId(), RESOLUTION);
        LOG.debugf("Flag %s of user %s in realm %s resolved by the reset page", flag.get().id(), user.getId(), context.getRealm().getName());
        context.success(); // Keycloak sends the UPDATE_CREDENTIAL event and removes the required action
    }

    private void retry(RequiredActionContext context, Flag flag, FormMessage error) {
        context.challenge(form(context, flag).addError(error).createForm(TEMPLATE));
    }

    private LoginFormsProvider form(RequiredActionContext context, Flag flag) {
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        String since = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(Instant.ofEpochMilli(flag.createdAt()).atZone(ZoneOffset.UTC));
        LoginFormsProvider form = context.form()
                .setAttribute("username", context.getUser().getUsername())
                .setAttribute("ccReasonKey", "ccReason." + flag.reason().wireName())
                .setAttribute("ccFlaggedOn", since);
        if (flag.userMessage() != null) {
            form.setAttribute("ccUserMessage", flag.userMessage());
        }
        return form;
    }

    private static boolean passwordChangedSince(UserModel user, long since) {
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .anyMatch(c -> c.getCreatedDate() != null && c.getCreatedDate() > since);
    }

    private static Optional<Flag> activeFlag(RequiredActionContext context) {
        return store(context).findActive(context.getRealm().getId(), context.getUser().getId());
    }

    private static FlagStore store(RequiredActionContext context) {
        return context.getSession().getProvider(FlagStore.class);
    }

    @Override
    public void close() {
    }
}
