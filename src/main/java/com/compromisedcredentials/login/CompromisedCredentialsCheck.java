package com.compromisedcredentials.login;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.compromisedcredentials.breach.BreachCheck;
import com.compromisedcredentials.breach.BreachResult;
import com.compromisedcredentials.breach.BreachService;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.LeakCheck;
import com.compromisedcredentials.flag.LeakedPassword;
import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.intake.SignalIntake;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.intake.SignalService;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code compromised-credentials-check}: placed after the password step of the browser or direct-grant flow.
 * <ul>
 * <li>If the realm asks for it, looks the password just verified up in the server's breach source; a breached
 * one flags the account (category {@code breached-password}, source {@code password-check}) through the same
 * guard as any signal.</li>
 * <li>Direct grant: a flagged user gets no token but an OAuth {@code invalid_grant} error that says why, so a
 * client can tell its user to sign in through the browser.</li>
 * <li>Browser: a flagged user continues to the {@code COMPROMISED_PASSWORD_RESET} required action.</li>
 * <li>A SUSPECTED flag (a leaked password to verify): the password just verified is compared with the leaked one;
 * the same makes the flag ACTIVE and this login goes on to the reset, another ends the flag unseen.</li>
 * </ul>
 * An unflagged user costs one indexed lookup, also with the required action after it: the request remembers that
 * this user has no active flag ({@link #foundNoActiveFlag}), so the action's trigger does not look again. The
 * breach lookup has the source's hard timeout.
 */
public class CompromisedCredentialsCheck implements Authenticator {

    private static final Logger LOG = Logger.getLogger(CompromisedCredentialsCheck.class);

    /** How flags from the login-time breach check are sourced. */
    public static final String SOURCE = "password-check";
    static final String DIRECT_GRANT_FLOW_PATH = "token";
    private static final String NO_ACTIVE_FLAG = "compromised-credentials.no-active-flag:";
    /** The event error of a refused direct grant. */
    static final String ERROR = "password_compromised";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            context.attempted();
            return;
        }
        RealmModel realm = context.getRealm();
        RealmPolicy policy = RealmPolicy.of(realm);
        FlagStore store = context.getSession().getProvider(FlagStore.class);
        Optional<Flag> flag = store.findOpen(realm.getId(), user.getId());
        if (flag.isPresent() && flag.get().state() == FlagState.SUSPECTED) {
            flag = verifySuspicion(context, user) ? store.findActive(realm.getId(), user.getId()) : Optional.empty();
        }

        if (flag.isEmpty() && policy.flag(PolicySetting.BREACH_CHECK_AT_LOGIN)) {
            String password = context.getHttpRequest().getDecodedFormParameters().getFirst("password");
            if (password != null && !password.isEmpty() && breached(context.getSession(), policy, password)) {
                SignalRequest signal = new SignalRequest(SOURCE, ReasonCategory.BREACHED_PASSWORD, null,
                        "password seen in breaches at least " + policy.number(PolicySetting.BREACH_MIN_COUNT) + " times",
                        List.of(new Subject(SubjectKind.USER_ID, user.getId())), null, false);
                SignalIntake.Result result = new SignalService(context.getSession(), realm)
                        .submitAtLogin(signal, new SignalIntake.Actor(null, SOURCE));
                LOG.debugf("Breached password at login for user %s in realm %s: batch %s %s", user.getId(), realm.getName(),
                        result.batch().id(), result.batch().state());
                flag = store.findActive(realm.getId(), user.getId());
            }
        }

        if (flag.isPresent() && PasswordHome.changedInDirectorySince(context.getSession(), realm, user, flag.get().createdAt())) {
            // the directory's own timestamp says the password changed after the flag
            new SignalService(context.getSession(), realm).resolve(user.getId(), PasswordHome.RESOLUTION_CHANGED_ELSEWHERE);
            flag = Optional.empty();
        } else if (flag.isPresent() && PasswordHome.managedElsewhere(realm, user) && changedWhereItLives(context, store, user)) {
            flag = Optional.empty();
        }

        if (flag.isEmpty()) {
            context.getSession().setAttribute(noActiveFlagKey(realm, user), Boolean.TRUE);
            context.success();
            return;
        }
        if (DIRECT_GRANT_FLOW_PATH.equals(context.getFlowPath())) {
            context.getEvent().user(user).detail(Details.REASON, "password reset required: " + flag.get().reason().wireName())
                    .error(ERROR);
            context.forceChallenge(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_grant", "error_description",
                            "Password reset required: this account's password is known to be compromised. "
                                    + (PasswordHome.managedElsewhere(realm, user)
                                            ? "It is kept by the organisation's directory: change it there, then sign in with the new password."
                                            : "Sign in through the browser to choose a new password.")))
                    .build());
            return;
        }
        CompromisedPasswordResetAction.requireOnThisLogin(context.getAuthenticationSession());
        context.success();
    }

    /**
     * The user has a SUSPECTED flag: the leaked password it came with is compared with the password Keycloak has just
     * verified in this login. Returns whether it was the same (the flag is ACTIVE now). A login without a typed password
     * (a passkey, an identity provider) leaves the suspicion waiting.
     */
    private static boolean verifySuspicion(AuthenticationFlowContext context, UserModel user) {
        String password = context.getHttpRequest().getDecodedFormParameters().getFirst("password");
        if (password == null || password.isEmpty()) {
            return false;
        }
        LeakCheck outcome = new SignalService(context.getSession(), context.getRealm()).verifyAtLogin(user.getId(), password);
        LOG.debugf("Leaked-password check at login for user %s in realm %s: %s", user.getId(), context.getRealm().getName(), outcome);
        return outcome == LeakCheck.CONFIRMED;
    }

    /**
     * The user's password lives in a directory Keycloak cannot write, which has just verified it. The first such login
     * after the flag keeps the password (as a keyed hash: the compromised one, as the directory still has it); a later
     * login with another password shows it was changed there, and resolves the flag. Returns whether it did.
     */
    private static boolean changedWhereItLives(AuthenticationFlowContext context, FlagStore store, UserModel user) {
        String password = context.getHttpRequest().getDecodedFormParameters().getFirst("password");
        if (password == null || password.isEmpty()) {
            return false;
        }
        FlagStore.ExternalCheck outcome = store.checkExternalPassword(context.getRealm().getId(), user.getId(),
                LeakedPassword.ofPlaintext(password));
        LOG.debugf("Password kept elsewhere, login of user %s in realm %s: %s", user.getId(), context.getRealm().getName(), outcome);
        if (outcome != FlagStore.ExternalCheck.CHANGED) {
            return false;
        }
        new SignalService(context.getSession(), context.getRealm()).resolve(user.getId(), PasswordHome.RESOLUTION_CHANGED_ELSEWHERE);
        return true;
    }

    private static boolean breached(KeycloakSession session, RealmPolicy policy, String password) {
        BreachCheck check = session.getProvider(BreachService.class).check().withMinimumCount(policy.number(PolicySetting.BREACH_MIN_COUNT));
        BreachResult result = check.check(password);
        // a lookup failure is logged and counted by the check; at login it never blocks a correct password
        return result.status() == BreachResult.Status.BREACHED;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }

    /**
     * Whether this check found, earlier in the same request, that the user has no active flag. A flag made since
     * (by another request, within the same login) is for the next login, as one made a moment after this one is.
     */
    static boolean foundNoActiveFlag(KeycloakSession session, RealmModel realm, UserModel user) {
        return session.getAttribute(noActiveFlagKey(realm, user)) != null;
    }

    private static String noActiveFlagKey(RealmModel realm, UserModel user) {
        return NO_ACTIVE_FLAG + realm.getId() + ":" + user.getId();
    }
}
