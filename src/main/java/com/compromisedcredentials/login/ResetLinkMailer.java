package com.compromisedcredentials.login;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.notify.Masking;
import com.compromisedcredentials.notify.MessageKind;
import com.compromisedcredentials.notify.Outbox;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.actiontoken.execactions.ExecuteActionsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;

/**
 * {@code block-and-email} mode: the password login stops, and the owner is emailed a link (Keycloak's own
 * execute-actions token) to choose a new password. Whoever holds the password can trigger this, so at most
 * one link goes out per user in {@link #EVERY}; it only ever goes to the owner's verified address.
 */
final class ResetLinkMailer {

    private static final Logger LOG = Logger.getLogger(ResetLinkMailer.class);
    static final long EVERY = 15 * 60_000L;

    private final RequiredActionContext context;

    ResetLinkMailer(RequiredActionContext context) {
        this.context = context;
    }

    void sendIfDue(Flag flag) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        if (!CompromisedPasswordResetAction.hasEmailAtFlag(user, flag)) {
            return; // only to the verified address the account had when flagged; the page then says to contact support
        }
        FlagStore store = context.getSession().getProvider(FlagStore.class);
        Outbox outbox = context.getSession().getProvider(Outbox.class);
        // claimed on the flag's row: parallel logins, on any node, send one link per EVERY between them
        if (!store.claimResetLink(flag.id(), Time.currentTimeMillis(), EVERY)) {
            return;
        }
        int lifespan = realm.getActionTokenGeneratedByUserLifespan(ExecuteActionsActionToken.TOKEN_TYPE);
        ExecuteActionsActionToken token = new ExecuteActionsActionToken(user.getId(), user.getEmail(), Time.currentTime() + lifespan,
                List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()), context.getAuthenticationSession().getRedirectUri(),
                context.getAuthenticationSession().getClient().getClientId());
        String link = LoginActionsService.actionTokenProcessor(context.getUriInfo())
                .queryParam("key", token.serialize(context.getSession(), realm, context.getUriInfo()))
                .build(realm.getName()).toString();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("ccLink", link);
        attributes.put("ccMinutes", Math.max(1, lifespan / 60));
        attributes.put("ccSiteName", CompromisedPasswordResetAction.siteName(context));
        try {
            context.getSession().getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(MessageKind.RESET_LINK.subjectKey(), List.of(CompromisedPasswordResetAction.siteName(context)),
                            MessageKind.RESET_LINK.template(), attributes);
            outbox.recordSent(realm.getId(), MessageKind.RESET_LINK, user.getId(), flag.id());
        } catch (EmailException e) {
            LOG.warnf("Could not send the reset link to user %s of realm %s: %s", user.getId(), realm.getName(),
                    Masking.emailsIn(e.getMessage()));
        }
    }
}
