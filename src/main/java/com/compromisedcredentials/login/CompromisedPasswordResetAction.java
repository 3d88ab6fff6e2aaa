package com.compromisedcredentials.login;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.flag.EnforcementMode;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.notify.Masking;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.intake.SignalService;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.ModelException;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code COMPROMISED_PASSWORD_RESET}: a user with an active flag must choose a new password, different from
 * the compromised one and allowed by the realm's password policy, before the login completes. In the
 * default {@code step-up-reset} mode they first prove it is them with something the leaked password does
 * not give: their authenticator app (set up before the flag) or a one-time code sent to their verified
 * email. Wrong codes count for Keycloak's brute-force protection.
 *
 * <p>The trigger is the flag store, not the user's stored required actions: one indexed lookup per login puts
 * the action on that login (never on the account), and a flag that is dismissed or reverted stops being enforced
 * at once.
 */
public class CompromisedPasswordResetAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(CompromisedPasswordResetAction.class);

    static final String FIELD_NEW = "password-new";
    static final String FIELD_CONFIRM = "password-confirm";
    static final String FIELD_CODE = "cc-code";
    static final String FIELD_ACTION = "cc-action";
    static final String NOTE_PROVEN = "cc.stepup.proven";
    static final String NOTE_CODE = "cc.stepup.code";
    /** The flag this login is enforcing: if it gets resolved elsewhere meanwhile, this login must not go on. */
    static final String NOTE_FLAG = "cc.flag";
    /** The flag this login resolved itself (the reset page), so that its own resolution does not stop it. */
    static final String NOTE_RESOLVED_HERE = "cc.flag.resolved-here";
    /**
     * The flag whose reset this login, once proven, handed to Keycloak's own update-password page (it was pending
     * anyway: an expired or temporary password, a forgot-password or execute-actions link), so that the user chooses
     * one new password, not two.
     */
    static final String NOTE_HANDED_OFF = "cc.flag.handed-off";
    /** Keycloak's own update-password required action. */
    static final String UPDATE_PASSWORD = UserModel.RequiredAction.UPDATE_PASSWORD.name();
    /** The credential types that are the password itself, not a second proof. */
    private static final Set<String> PASSWORD_TYPES = Set.of(PasswordCredentialModel.TYPE, PasswordCredentialModel.PASSWORD_HISTORY);

    /** The message of a step-up closed after too many wrong codes for the flag. */
    static final String FLAG_LOCKED = "ccStepUpFlagLocked";

    /** How a flag resolved by this page is recorded. */
    public static final String RESOLUTION = "required-action";
    /** How a flag is recorded when the password had already been changed by some path we did not see. */
    public static final String RESOLUTION_ALREADY_CHANGED = "password-changed";

    /** What the user is asked for now. */
    enum Stage { RESET, OTP, EMAIL_CODE, BLOCKED_NO_SECOND_FACTOR, BLOCKED_EMAIL_SENT, PASSWORD_CHANGED_MEANWHILE, EXTERNAL }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<Flag> flag = CompromisedCredentialsCheck.foundNoActiveFlag(context.getSession(), context.getRealm(), user)
                ? Optional.empty() // the check after the password just looked, in this request
                : store(context).findActive(context.getRealm().getId(), user.getId());
        if (flag.isEmpty()) {
            stopIfResolvedElsewhere(context);
            return;
        }
        if (passwordChangedSince(user, flag.get().createdAt())) {
            new SignalService(context.getSession(), context.getRealm()).resolve(user.getId(), RESOLUTION_ALREADY_CHANGED);
            return;
        }
        if (PasswordHome.changedInDirectorySince(context.getSession(), context.getRealm(), user, flag.get().createdAt())) {
            // the directory changed it after the flag (its own timestamp says so): the compromised one no longer opens it
            new SignalService(context.getSession(), context.getRealm()).resolve(user.getId(), PasswordHome.RESOLUTION_CHANGED_ELSEWHERE);
            return;
        }
        if (authSession != null) {
            authSession.setAuthNote(NOTE_FLAG, flag.get().id());
            if (flag.get().id().equals(authSession.getAuthNote(NOTE_HANDED_OFF))) {
                return; // proven; Keycloak's update-password page, next, does the reset
            }
        }
        requireOnThisLogin(authSession);
    }

    /**
     * Puts the reset on this login, not on the account: no write to Keycloak's user row at each login (parallel
     * logins of one account would collide on it, and some would fail with a server error), and a flag dismissed or
     * reverted stops being enforced at once. Keycloak runs a login's required actions and the account's alike, in
     * priority order, and refuses a password grant that has one pending.
     */
    static void requireOnThisLogin(AuthenticationSessionModel authSession) {
        if (authSession != null && !authSession.getRequiredActions().contains(ProviderIds.RESET_REQUIRED_ACTION)) {
            authSession.addRequiredAction(ProviderIds.RESET_REQUIRED_ACTION);
        }
    }

    /**
     * This login met a flag (it was noted when the flag was first seen), and the flag has since been resolved by
     * someone else — the owner, in another browser, while this login waited on some page. Whoever is here signed in
     * with the old password: the login must not complete, although no active flag asks for the reset any more.
     * Putting the action back on this login makes it stop with that explanation.
     */
    private void stopIfResolvedElsewhere(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String enforced = authSession == null ? null : authSession.getAuthNote(NOTE_FLAG);
        if (enforced == null || endedByThisLogin(authSession, enforced)) {
            return;
        }
        store(context).findFlag(context.getRealm().getId(), enforced)
                .filter(f -> f.state() == FlagState.RESOLVED)
                .ifPresent(f -> requireOnThisLogin(authSession));
    }

    /** This login ended the flag itself: on the reset page, or through Keycloak's update-password page it handed off to. */
    private static boolean endedByThisLogin(AuthenticationSessionModel authSession, String flagId) {
        return flagId.equals(authSession.getAuthNote(NOTE_RESOLVED_HERE)) || flagId.equals(authSession.getAuthNote(NOTE_HANDED_OFF));
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<Flag> flag = activeFlag(context);
        if (flag.isEmpty()) {
            endWithoutFlag(context);
            return;
        }
        context.getAuthenticationSession().setAuthNote(NOTE_FLAG, flag.get().id());
        Stage stage = stage(context, flag.get());
        if (stage == Stage.RESET && handOff(context, flag.get())) {
            return;
        }
        if (stage == Stage.EMAIL_CODE && currentCode(context).isEmpty()) {
            sendCode(context, flag.get(), null);
            return;
        }
        if (stage == Stage.BLOCKED_EMAIL_SENT) {
            new ResetLinkMailer(context).sendIfDue(flag.get());
        }
        context.challenge(pages(context, flag.get()).page(stage, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        Optional<Flag> flag = activeFlag(context);
        if (flag.isEmpty()) {
            endWithoutFlag(context);
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        switch (stage(context, flag.get())) {
            case RESET -> processReset(context, flag.get(), form);
            case OTP -> processOtp(context, flag.get(), form);
            case EMAIL_CODE -> processEmailCode(context, flag.get(), form);
            case BLOCKED_NO_SECOND_FACTOR -> context.challenge(pages(context, flag.get()).page(Stage.BLOCKED_NO_SECOND_FACTOR, null));
            case BLOCKED_EMAIL_SENT -> context.challenge(pages(context, flag.get()).page(Stage.BLOCKED_EMAIL_SENT, null));
            case PASSWORD_CHANGED_MEANWHILE -> context.challenge(pages(context, flag.get()).page(Stage.PASSWORD_CHANGED_MEANWHILE, null));
            case EXTERNAL -> context.challenge(pages(context, flag.get()).page(Stage.EXTERNAL, null));
        }
    }

    /**
     * The flag this login was enforcing is no longer active. Dismissed or reverted by an admin: the login goes
     * on. Resolved elsewhere (the owner changed the password in another browser): this login was made with
     * the old password, so it stops here, whoever it is.
     */
    private void endWithoutFlag(RequiredActionContext context) {
        String enforced = context.getAuthenticationSession().getAuthNote(NOTE_FLAG);
        Optional<Flag> flag = enforced == null ? Optional.empty() : store(context).findFlag(context.getRealm().getId(), enforced);
        if (flag.isPresent() && flag.get().state() == FlagState.RESOLVED
                && !endedByThisLogin(context.getAuthenticationSession(), enforced)) {
            context.getEvent().clone().event(EventType.LOGIN_ERROR)
                    .detail(Details.REASON, "password changed elsewhere during this login").error(Errors.INVALID_USER_CREDENTIALS);
            context.challenge(pages(context, flag.get()).page(Stage.PASSWORD_CHANGED_MEANWHILE, null));
            return;
        }
        context.success();
    }

    // ---- stages

    Stage stage(RequiredActionContext context, Flag flag) {
        RealmPolicy policy = RealmPolicy.of(context.getRealm());
        EnforcementMode mode = policy.enforcementMode();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        if (PasswordHome.managedElsewhere(context.getRealm(), user)) {
            // a read-only directory keeps the password: no form could change it; say where to
            if (!FlagStore.ENFORCEMENT_EXTERNAL.equals(flag.enforcementMode())) {
                store(context).markExternal(context.getRealm().getId(), flag.id());
            }
            return Stage.EXTERNAL;
        }
        if ("true".equals(authSession.getAuthNote(NOTE_PROVEN))) {
            return Stage.RESET;
        }
        if (provenByEmailLink(authSession, user, flag)) {
            authSession.setAuthNote(NOTE_PROVEN, "true");
            return Stage.RESET;
        }
        if (mode == EnforcementMode.RESET) {
            return Stage.RESET;
        }
        boolean emailAtFlag = hasEmailAtFlag(user, flag);
        if (mode == EnforcementMode.BLOCK_AND_EMAIL) {
            return emailAtFlag ? Stage.BLOCKED_EMAIL_SENT : Stage.BLOCKED_NO_SECOND_FACTOR;
        }
        List<String> used = AuthenticatorUtil.getAuthnCredentials(authSession);
        boolean factorsPredateFlag = factorsPredate(user, used, flag.createdAt());
        StepUpMethod method = StepUpMethod.choose(new StepUpMethod.Facts(
                (used.contains(OTPCredentialModel.TYPE) || used.contains(WebAuthnCredentialModel.TYPE_TWOFACTOR)) && factorsPredateFlag,
                !used.isEmpty() && !used.contains(PasswordCredentialModel.TYPE) && factorsPredateFlag,
                otpCredentialBefore(user, flag.createdAt()).isPresent(),
                emailAtFlag,
                "reset".equals(policy.value(PolicySetting.NO_SECOND_FACTOR_FALLBACK))));
        return switch (method) {
            case ALREADY_PROVEN -> {
                authSession.setAuthNote(NOTE_PROVEN, "true");
                yield Stage.RESET;
            }
            case PLAIN_RESET -> Stage.RESET;
            case OTP -> Stage.OTP;
            case EMAIL_CODE -> Stage.EMAIL_CODE;
            case BLOCKED -> Stage.BLOCKED_NO_SECOND_FACTOR;
        };
    }

    private void processOtp(RequiredActionContext context, Flag flag, MultivaluedMap<String, String> form) {
        UserModel user = context.getUser();
        if (locked(context)) {
            context.challenge(pages(context, flag).page(Stage.OTP, new FormMessage(FIELD_CODE, "ccStepUpLocked")));
            return;
        }
        if (flagLocked(context, flag)) {
            context.challenge(pages(context, flag).page(Stage.OTP, new FormMessage(FIELD_CODE, FLAG_LOCKED)));
            return;
        }
        Optional<CredentialModel> otp = otpCredentialBefore(user, flag.createdAt());
        String code = form.getFirst(FIELD_CODE);
        boolean valid = otp.isPresent() && code != null && !code.isBlank()
                && user.credentialManager().isValid(new UserCredentialModel(otp.get().getId(), OTPCredentialModel.TYPE, code.trim()));
        if (!valid) {
            failedProof(context, flag, Errors.INVALID_USER_CREDENTIALS);
            context.challenge(pages(context, flag).page(Stage.OTP, new FormMessage(FIELD_CODE, "ccStepUpWrongOtp")));
            return;
        }
        proven(context, flag);
    }

    private void processEmailCode(RequiredActionContext context, Flag flag, MultivaluedMap<String, String> form) {
        RealmPolicy policy = RealmPolicy.of(context.getRealm());
        long now = Time.currentTimeMillis();
        Optional<StepUpCode> code = currentCode(context);
        if ("resend".equals(form.getFirst(FIELD_ACTION))) {
            long cooldown = policy.number(PolicySetting.STEP_UP_RESEND_COOLDOWN_SECONDS) * 1000L;
            if (code.isPresent() && !code.get().mayResend(now, cooldown)) {
                long wait = (code.get().sentAt() + cooldown - now + 999) / 1000;
                context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpResendWait", wait)));
                return;
            }
            sendCode(context, flag, "ccStepUpCodeResent");
            return;
        }
        if (locked(context)) {
            context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpLocked")));
            return;
        }
        if (flagLocked(context, flag)) {
            context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, FLAG_LOCKED)));
            return;
        }
        if (code.isEmpty()) {
            context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpCodeExpired")));
            return;
        }
        int maxAttempts = (int) policy.number(PolicySetting.STEP_UP_MAX_ATTEMPTS);
        switch (code.get().check(form.getFirst(FIELD_CODE), now, maxAttempts)) {
            case OK -> {
                context.getAuthenticationSession().removeAuthNote(NOTE_CODE); // single use
                proven(context, flag);
            }
            case WRONG -> {
                StepUpCode failed = code.get().withFailedAttempt();
                context.getAuthenticationSession().setAuthNote(NOTE_CODE, failed.serialize());
                int wrong = failedProof(context, flag, Errors.INVALID_CODE);
                String message = wrong >= maxFailures(context) ? FLAG_LOCKED
                        : failed.attempts() >= maxAttempts ? "ccStepUpCodeExhausted" : "ccStepUpWrongCode";
                context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, message)));
            }
            case EXPIRED -> {
                failedProof(context, flag, Errors.EXPIRED_CODE);
                context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpCodeExpired")));
            }
            case EXHAUSTED -> {
                failedProof(context, flag, Errors.INVALID_CODE);
                context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpCodeExhausted")));
            }
        }
    }

    private void sendCode(RequiredActionContext context, Flag flag, String infoMessage) {
        RealmPolicy policy = RealmPolicy.of(context.getRealm());
        if (!hasEmailAtFlag(context.getUser(), flag)) { // only to the verified address the account had when flagged
            context.challenge(pages(context, flag).page(Stage.BLOCKED_NO_SECOND_FACTOR, null));
            return;
        }
        if (flagLocked(context, flag)) {
            context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, FLAG_LOCKED)));
            return;
        }
        if (!store(context).claimStepUpCode(flag.id(), Time.currentTimeMillis(), (int) policy.number(PolicySetting.STEP_UP_CODES_PER_HOUR))) {
            context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpTooManyCodes")));
            return;
        }
        StepUpCode.Issued issued = StepUpCode.issue((int) policy.number(PolicySetting.STEP_UP_CODE_LENGTH),
                Time.currentTimeMillis(), policy.number(PolicySetting.STEP_UP_CODE_TTL_SECONDS) * 1000L);
        UserModel user = context.getUser();
        try {
            long minutes = Math.max(1, policy.number(PolicySetting.STEP_UP_CODE_TTL_SECONDS) / 60);
            context.getSession().getProvider(EmailTemplateProvider.class)
                    .setRealm(context.getRealm()).setUser(user).setAuthenticationSession(context.getAuthenticationSession())
                    .send("ccEmailCodeSubject", List.of(siteName(context)), "cc-step-up-code.ftl",
                            new java.util.HashMap<>(java.util.Map.of("ccCode", issued.code(), "ccMinutes", minutes,
                                    "ccSiteName", siteName(context))));
        } catch (EmailException e) {
            LOG.warnf("Could not send the step-up code to user %s of realm %s: %s", user.getId(), context.getRealm().getName(),
                    Masking.emailsIn(e.getMessage()));
            context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, new FormMessage(FIELD_CODE, "ccStepUpSendFailed")));
            return;
        }
        context.getAuthenticationSession().setAuthNote(NOTE_CODE, issued.kept().serialize());
        context.getEvent().clone().event(EventType.SEND_VERIFY_EMAIL).detail(Details.REASON, "compromised-credentials step-up code")
                .success();
        FormMessage info = infoMessage == null ? null : new FormMessage(null, infoMessage);
        context.challenge(pages(context, flag).page(Stage.EMAIL_CODE, info, info != null));
    }

    private void proven(RequiredActionContext context, Flag flag) {
        context.getAuthenticationSession().setAuthNote(NOTE_PROVEN, "true");
        if (!handOff(context, flag)) {
            context.challenge(pages(context, flag).page(Stage.RESET, null));
        }
    }

    /**
     * Once the user may reset, and Keycloak's own update-password is pending in this login anyway (an expired or
     * temporary password, a forgot-password or execute-actions link), that page does the reset: one new password,
     * not two. It cannot be cancelled (only application-initiated actions can, and those are not counted here), the
     * compromised password is refused there too ({@link CompromisedPasswordRefusal}), and the change resolves the
     * flag through the event listener.
     */
    private boolean handOff(RequiredActionContext context, Flag flag) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        boolean pending = authSession.getRequiredActions().contains(UPDATE_PASSWORD)
                || context.getUser().getRequiredActionsStream().anyMatch(UPDATE_PASSWORD::equals);
        if (!pending) {
            return false;
        }
        authSession.setAuthNote(NOTE_HANDED_OFF, flag.id());
        LOG.debugf("Flag %s of user %s: the reset is left to Keycloak's pending update-password page", flag.id(), context.getUser().getId());
        context.success();
        return true;
    }

    /** Records a wrong proof (an event, Keycloak's brute-force count if on, the flag's own count); returns the flag's total. */
    private int failedProof(RequiredActionContext context, Flag flag, String error) {
        context.getEvent().clone().event(EventType.LOGIN_ERROR).detail(Details.REASON, "compromised-credentials step-up")
                .error(error);
        if (context.getRealm().isBruteForceProtected()) {
            BruteForceCount.failedLogin(context.getSession().getProvider(BruteForceProtector.class), context.getRealm(),
                    context.getUser(), context.getConnection(), context.getUriInfo());
        }
        return store(context).countWrongCode(flag.id());
    }

    /** The flag has had its share of wrong codes, in all logins together: the step-up is closed for it. */
    private static boolean flagLocked(RequiredActionContext context, Flag flag) {
        return store(context).wrongCodes(flag.id()) >= maxFailures(context);
    }

    private static int maxFailures(RequiredActionContext context) {
        return (int) RealmPolicy.of(context.getRealm()).number(PolicySetting.STEP_UP_MAX_FAILURES);
    }

    private boolean locked(RequiredActionContext context) {
        if (!context.getRealm().isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = context.getSession().getProvider(BruteForceProtector.class);
        return protector.isTemporarilyDisabled(context.getSession(), context.getRealm(), context.getUser())
                || protector.isPermanentlyLockedOut(context.getSession(), context.getRealm(), context.getUser());
    }

    // ---- the new password

    private void processReset(RequiredActionContext context, Flag flag, MultivaluedMap<String, String> formData) {
        UserModel user = context.getUser();
        String passwordNew = formData.getFirst(FIELD_NEW);
        String passwordConfirm = formData.getFirst(FIELD_CONFIRM);

        EventBuilder event = context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE)
                .detail(Details.CUSTOM_REQUIRED_ACTION, ProviderIds.RESET_REQUIRED_ACTION);
        EventBuilder errorEvent = event.clone().event(EventType.UPDATE_CREDENTIAL_ERROR);

        if (passwordNew == null || passwordNew.isBlank()) {
            retry(context, flag, new FormMessage(FIELD_NEW, "missingPasswordMessage"));
            errorEvent.error(Errors.PASSWORD_MISSING);
            return;
        }
        if (!passwordNew.equals(passwordConfirm)) {
            retry(context, flag, new FormMessage(FIELD_CONFIRM, "notMatchPasswordMessage"));
            errorEvent.error(Errors.PASSWORD_CONFIRM_ERROR);
            return;
        }
        if (user.credentialManager().isValid(UserCredentialModel.password(passwordNew))) {
            retry(context, flag, new FormMessage(FIELD_NEW, "ccPasswordSameAsCompromised"));
            errorEvent.detail(Details.REASON, "same as compromised password").error(Errors.PASSWORD_REJECTED);
            return;
        }
        if (user.getFederationLink() != null) {
            // Keycloak applies the realm's password policy (notCompromised included) to a directory user's new password
            // only if the federation says "validate password policy"; this page checks it before the directory sees it
            PolicyError refused = context.getSession().getProvider(PasswordPolicyManagerProvider.class)
                    .validate(context.getRealm(), user, passwordNew);
            if (refused != null) {
                retry(context, flag, new FormMessage(FIELD_NEW, refused.getMessage(), refused.getParameters()));
                errorEvent.detail(Details.REASON, refused.getMessage()).error(Errors.PASSWORD_REJECTED);
                return;
            }
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(passwordNew, false));
        } catch (ReadOnlyException e) {
            // a federation that refuses writes but was not known as read-only (another provider): say where to change it
            store(context).markExternal(context.getRealm().getId(), flag.id());
            context.challenge(pages(context, flag).page(Stage.EXTERNAL, null));
            errorEvent.detail(Details.REASON, "password kept by a read-only federation").error(Errors.PASSWORD_REJECTED);
            return;
        } catch (ModelException e) {
            if (user.getFederationLink() != null) {
                // the realm's policy passed above: the directory itself refused it (its own length, quality or history
                // rules); its message is an LDAP error naming entries, not something to show the user
                LOG.debugf("The directory refused the new password of user %s in realm %s: %s", user.getId(),
                        context.getRealm().getName(), e.getMessage());
                retry(context, flag, new FormMessage(FIELD_NEW, "ccDirectoryRefused"));
                errorEvent.detail(Details.REASON, "refused by the directory").error(Errors.PASSWORD_REJECTED);
                return;
            }
            // the realm's password policy refused it; its message key says why
            retry(context, flag, new FormMessage(FIELD_NEW, e.getMessage(), e.getParameters()));
            errorEvent.detail(Details.REASON, e.getMessage()).error(Errors.PASSWORD_REJECTED);
            return;
        }
        context.getAuthenticationSession().setAuthNote(NOTE_RESOLVED_HERE, flag.id());
        new SignalService(context.getSession(), context.getRealm()).resolve(user.getId(), RESOLUTION);
        LOG.debugf("Flag %s of user %s in realm %s resolved by the reset page", flag.id(), user.getId(), context.getRealm().getName());
        context.success(); // Keycloak sends the UPDATE_CREDENTIAL event and removes the required action
    }

    private void retry(RequiredActionContext context, Flag flag, FormMessage error) {
        context.challenge(pages(context, flag).page(Stage.RESET, error));
    }

    // ---- helpers

    private static ResetPages pages(RequiredActionContext context, Flag flag) {
        return new ResetPages(context, flag);
    }

    private static Optional<StepUpCode> currentCode(RequiredActionContext context) {
        return StepUpCode.parse(context.getAuthenticationSession().getAuthNote(NOTE_CODE));
    }

    static String siteName(RequiredActionContext context) {
        String display = context.getRealm().getDisplayName();
        return display == null || display.isBlank() ? context.getRealm().getName() : display;
    }

    /**
     * An email link (Keycloak's forgot-password or execute-actions token, both sent to the account's current address)
     * brought this login here, and that address is the verified one the account had when flagged: the same proof as
     * an emailed code.
     */
    private static boolean provenByEmailLink(AuthenticationSessionModel authSession, UserModel user, Flag flag) {
        return user.getId().equals(authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID))
                && hasEmailAtFlag(user, flag);
    }

    /** The account's address is verified and is the one it had, verified, when flagged: a code may go there. */
    static boolean hasEmailAtFlag(UserModel user, Flag flag) {
        return user.isEmailVerified() && flag.isEmailAtFlag(user.getEmail());
    }

    /**
     * Every factor of the kinds this login used (other than the password) was set up before the flag: a factor
     * enrolled later may be the attacker's, enrolled with the leaked password, so it proves nothing. Keycloak records
     * which kinds a login used, not which credential, so one later factor of a kind discounts the whole kind.
     */
    static boolean factorsPredate(UserModel user, List<String> usedTypes, long flaggedAt) {
        return usedTypes.stream().filter(type -> !PASSWORD_TYPES.contains(type)).allMatch(type -> {
            List<CredentialModel> factors = user.credentialManager().getStoredCredentialsByTypeStream(type).toList();
            return !factors.isEmpty() && factors.stream().allMatch(c -> c.getCreatedDate() != null && c.getCreatedDate() < flaggedAt);
        });
    }

    /** An authenticator-app credential the user set up before the flag: a later one may be the attacker's. */
    private static Optional<CredentialModel> otpCredentialBefore(UserModel user, long flaggedAt) {
        return user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .filter(c -> c.getCreatedDate() != null && c.getCreatedDate() < flaggedAt)
                .findFirst();
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
