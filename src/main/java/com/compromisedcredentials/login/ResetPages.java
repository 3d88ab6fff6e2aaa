package com.compromisedcredentials.login;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.notify.Masking;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * The pages of the reset, in the realm's login theme: each says what happened and since when (the flag's
 * own message or its category's text, in the user's language), then asks for the step of the stage.
 */
final class ResetPages {

    static final String RESET = "compromised-password-reset.ftl";
    static final String STEP_UP = "compromised-step-up.ftl";
    static final String BLOCKED = "compromised-blocked.ftl";

    private final RequiredActionContext context;
    private final Flag flag;

    ResetPages(RequiredActionContext context, Flag flag) {
        this.context = context;
        this.flag = flag;
    }

    Response page(CompromisedPasswordResetAction.Stage stage, FormMessage message) {
        return page(stage, message, false);
    }

    /** @param info true if {@code message} is good news (shown as such), false if it is an error */
    Response page(CompromisedPasswordResetAction.Stage stage, FormMessage message, boolean info) {
        RealmPolicy policy = RealmPolicy.of(context.getRealm());
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        String support = policy.value(PolicySetting.SUPPORT_CONTACT);
        LoginFormsProvider form = context.form()
                .setAttribute("username", context.getUser().getUsername())
                .setAttribute("ccStage", stage.name())
                .setAttribute("ccReasonKey", "ccReason." + flag.reason().wireName())
                .setAttribute("ccFlaggedOn", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                        .format(Instant.ofEpochMilli(flag.createdAt()).atZone(ZoneOffset.UTC)))
                .setAttribute("ccSiteName", CompromisedPasswordResetAction.siteName(context))
                .setAttribute("ccCodeLength", policy.number(PolicySetting.STEP_UP_CODE_LENGTH))
                .setAttribute("ccEmailMasked", Masking.email(context.getUser().getEmail()));
        if (flag.userMessage() != null) {
            form.setAttribute("ccUserMessage", flag.userMessage());
        }
        if (!support.isBlank()) {
            form.setAttribute("ccSupport", support);
        }
        String externalUrl = policy.value(PolicySetting.EXTERNAL_PASSWORD_CHANGE_URL);
        if (stage == CompromisedPasswordResetAction.Stage.EXTERNAL && !externalUrl.isBlank()) {
            form.setAttribute("ccExternalUrl", externalUrl);
        }
        if (message != null) {
            if (info) {
                form.addSuccess(message);
            } else {
                form.addError(message);
            }
        }
        return form.createForm(switch (stage) {
            case RESET -> RESET;
            case OTP, EMAIL_CODE -> STEP_UP;
            case BLOCKED_NO_SECOND_FACTOR, BLOCKED_EMAIL_SENT, PASSWORD_CHANGED_MEANWHILE, EXTERNAL -> BLOCKED;
        });
    }
}
