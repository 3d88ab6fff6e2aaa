package com.compromisedcredentials.policy;

import java.util.List;
import java.util.function.UnaryOperator;

import com.compromisedcredentials.support.net.AddressRanges;
import com.compromisedcredentials.support.net.ListSource;

/**
 * Every setting of the realm policy, with its stored key, type, default, limits and the words the admin
 * console shows. The defaults live here and nowhere else. The values are stored in the configuration of
 * the {@code COMPROMISED_PASSWORD_RESET} required action, where the stock admin console and Keycloak's own
 * admin API ({@code /authentication/required-actions/COMPROMISED_PASSWORD_RESET/config}) read and write them.
 */
public enum PolicySetting {

    ENFORCEMENT_MODE("enforcementMode", Type.CHOICE, "step-up-reset", "Enforcement mode",
            "What a flagged user must do at the next login. step-up-reset: prove it is them (their OTP or passkey, "
                    + "else a code sent to their verified email), then choose a new password. reset: choose a new "
                    + "password at once. block-and-email: the password login is refused and a reset link is emailed.",
            List.of("step-up-reset", "reset", "block-and-email"), 0, 0),
    NO_SECOND_FACTOR_FALLBACK("noSecondFactorFallback", Type.CHOICE, "block", "Without a second factor or verified email",
            "In step-up-reset mode, what happens to a flagged user who has neither an OTP/passkey nor a verified email. "
                    + "block: the login is refused with the support message. reset: allow a plain reset (weaker).",
            List.of("block", "reset"), 0, 0),
    STEP_UP_CODE_LENGTH("stepUpCodeLength", Type.NUMBER, "6", "Email code length",
            "Digits in the one-time code sent by email for the step-up (6 to 8).", List.of(), 6, 8),
    STEP_UP_CODE_TTL_SECONDS("stepUpCodeTtlSeconds", Type.NUMBER, "600", "Email code lifetime (seconds)",
            "How long an emailed code stays valid (30 to 3600).", List.of(), 30, 3600),
    STEP_UP_MAX_ATTEMPTS("stepUpMaxAttempts", Type.NUMBER, "5", "Email code attempts",
            "Wrong codes allowed for one code before a new one must be sent (1 to 10). Each wrong code also counts "
                    + "for Keycloak's brute-force protection.", List.of(), 1, 10),
    STEP_UP_RESEND_COOLDOWN_SECONDS("stepUpResendCooldownSeconds", Type.NUMBER, "60", "Email code resend cool-down (seconds)",
            "Time before another code can be requested (10 to 600).", List.of(), 10, 600),
    STEP_UP_CODES_PER_HOUR("stepUpCodesPerHour", Type.NUMBER, "5", "Email codes per user per hour",
            "At most this many step-up codes are emailed for one flagged user in any hour, however many logins (on "
                    + "any node) ask for one (1 to 50).", List.of(), 1, 50),
    STEP_UP_MAX_FAILURES("stepUpMaxFailures", Type.NUMBER, "20", "Wrong codes per flag",
            "Wrong step-up codes (emailed or authenticator app) allowed for one flag, in all logins together, whether "
                    + "or not the realm has brute-force detection on (3 to 1000). Then the step-up is closed for that "
                    + "flag: the owner resets through Keycloak's forgot-password email, or support dismisses the flag.",
            List.of(), 3, 1000),
    REVOKE_SESSIONS("revokeSessions", Type.BOOLEAN, "true", "Revoke sessions when flagged",
            "Sign a newly flagged user out everywhere: their sessions and offline tokens are revoked.", List.of(), 0, 0),
    REVOKE_SESSIONS_FOR_PASSWORDLESS("revokeSessionsForPasswordless", Type.BOOLEAN, "false",
            "Sign out matched accounts without a password",
            "Accounts a batch matches that have no password to reset (identity-provider or passkey logins only) are never "
                    + "flagged; with this on, they are signed out everywhere all the same (sessions and offline tokens), "
                    + "in case the leak was of a session rather than a password.", List.of(), 0, 0),
    EMAIL_ON_FLAG("emailOnFlag", Type.BOOLEAN, "true", "Email the user when flagged",
            "Tell the user what happened and what to do next.", List.of(), 0, 0),
    EMAIL_ON_RESOLVE("emailOnResolve", Type.BOOLEAN, "true", "Email the user after the reset",
            "Confirm that the password was changed, with what to do if it was not them.", List.of(), 0, 0),
    EMAIL_ON_REVERT("emailOnRevert", Type.BOOLEAN, "true", "Allow correction emails on revert",
            "When a batch is reverted with notifyUsers, tell its users to ignore the earlier message.", List.of(), 0, 0),
    EMAIL_REQUIRE_VERIFIED("emailRequireVerified", Type.BOOLEAN, "true", "Email only verified addresses",
            "Send the user's emails only to a verified address. A flag whose user has none records why no email went out.",
            List.of(), 0, 0),
    EMAIL_INCLUDE_LINK("emailIncludeLink", Type.BOOLEAN, "false", "Put a sign-in link in the email",
            "Off by default: the email tells users to open the site themselves, so that it cannot be mistaken for "
                    + "phishing. On: it also links to the account console.", List.of(), 0, 0),
    EMAILS_PER_MINUTE("emailsPerMinute", Type.NUMBER, "600", "Emails per minute",
            "At most this many of the extension's emails leave for this realm in any minute; the rest wait in the outbox.",
            List.of(), 1, 100_000),
    MAX_FLAGS_PER_HOUR("maxFlagsPerHour", Type.NUMBER, "100", "Blast radius: new flags per hour",
            "A batch that would take the new flags of the last hour above this is held for an admin's approval.",
            List.of(), 1, 10_000_000),
    MAX_FLAGS_PER_DAY_PERCENT("maxFlagsPerDayPercent", Type.NUMBER, "1", "Blast radius: new flags per 24 h (% of users)",
            "A batch that would take the new flags of the last 24 hours above this share of the realm's users is held. "
                    + "Never below 10 users, so that a small realm still works.", List.of(), 1, 100),
    HELD_BATCH_NOTIFY("heldBatchNotify", Type.TEXT, "", "Notify of held batches",
            "Email addresses (comma-separated) told when a batch is held for approval, or a staged batch paused.", List.of(), 0, 2000),
    CANARY_THRESHOLD("canaryThreshold", Type.NUMBER, "1000", "Staged batches: from this many new flags",
            "A batch with more new flags (and suspicions) than this is applied in stages: a random first slice now, the "
                    + "rest after a healthy watch window.", List.of(), 1, 10_000_000),
    CANARY_SIZE("canarySize", Type.TEXT, "2%", "Staged batches: first slice",
            "A share of the batch's new flags (e.g. 2%, at least 50 accounts) or a number of accounts (e.g. 200).",
            List.of(), 0, 10, PolicySetting::canarySizeProblem),
    CANARY_WATCH_MINUTES("canaryWatchMinutes", Type.NUMBER, "60", "Staged batches: watch window (minutes)",
            "How long the first slice is watched before the rest is applied (1 to 10080).", List.of(), 1, 10_080),
    CANARY_MAX_DIFFERS_PERCENT("canaryMaxDiffersPercent", Type.NUMBER, "50", "Staged batches: leaked passwords that differ (%)",
            "The batch pauses when more than this share of the slice's supplied passwords proved not to be the account's.",
            List.of(), 1, 100),
    CANARY_MAX_BOUNCED_PERCENT("canaryMaxBouncedPercent", Type.NUMBER, "10", "Staged batches: bounced notices (%)",
            "The batch pauses when more than this share of the slice's flag emails bounced or were given up.", List.of(), 1, 100),
    CANARY_MAX_DISMISSED_PERCENT("canaryMaxDismissedPercent", Type.NUMBER, "10", "Staged batches: dismissed by admins (%)",
            "The batch pauses when admins dismissed more than this share of the slice's flags.", List.of(), 1, 100),
    DIGEST_FREQUENCY("digestFrequency", Type.CHOICE, "off", "Admin digest",
            "A summary for the digest recipients of what the last UTC day (daily) or ISO week (weekly) brought: new flags by "
                    + "source and reason, resolutions, dismissals, held batches waiting, users never told, active attacks "
                    + "on the login.", List.of("off", "daily", "weekly"), 0, 0),
    DIGEST_RECIPIENTS("digestRecipients", Type.TEXT, "", "Admin digest recipients",
            "Email addresses (comma-separated) the admin digest goes to.", List.of(), 0, 2000),
    APPROVER_MUST_DIFFER("approverMustDiffer", Type.BOOLEAN, "false", "Four eyes",
            "A held batch must be approved by an admin other than the one who submitted it.", List.of(), 0, 0),
    EXCLUDED_GROUP("excludedGroup", Type.TEXT, "", "Never flag members of group",
            "Path of a group (e.g. /break-glass) whose members are never flagged. Service accounts never are.",
            List.of(), 0, 255),
    BREACH_CHECK_AT_LOGIN("breachCheckAtLogin", Type.BOOLEAN, "false", "Check passwords against breaches at login",
            "With the compromised-credentials-check authenticator in the flow: after Keycloak has verified the password, "
                    + "look it up in the server's breach source (HIBP or offline corpus, a server option); a breached "
                    + "password flags the account (category breached-password), so the user is walked through the reset.",
            List.of(), 0, 0),
    BREACH_MIN_COUNT("breachMinCount", Type.NUMBER, "1", "Breach count that flags at login",
            "How many times a password must appear in breaches before a login with it flags the account.",
            List.of(), 1, 1_000_000_000),
    LEAK_VERIFICATION("leakVerification", Type.CHOICE, "at-login", "Verify leaked passwords before acting",
            "For signal subjects that carry the leaked password (passwordSha1 or password). at-login: the flag starts "
                    + "SUSPECTED (no email, no sign-out, no reset); at the user's next password login (needs the "
                    + "compromised-credentials-check authenticator after the password step) the typed password is "
                    + "compared: the same makes the flag ACTIVE and the reset starts in that login, another ends the flag "
                    + "as dismissed (password-differs) and the user is never told. immediate: as at-login, and a "
                    + "plaintext password is also checked at once, in the background, against the account's stored "
                    + "password. off: flag at once, as without a password.",
            List.of("off", "at-login", "immediate"), 0, 0),
    SUSPECTED_EXPIRY_DAYS("suspectedExpiryDays", Type.NUMBER, "30", "Days a suspected flag waits for a login",
            "A SUSPECTED flag that sees no password login within this many days ends as dismissed "
                    + "(suspicion-expired), unseen by the user (1 to 365).", List.of(), 1, 365),
    SUPPORT_CONTACT("supportContact", Type.TEXT, "", "Support contact",
            "Shown to users in emails and pages: where to get help (text, an address or a link).", List.of(), 0, 500),
    EXTERNAL_PASSWORD_CHANGE_URL("externalPasswordChangeUrl", Type.TEXT, "", "Where users change a directory password",
            "For users whose password Keycloak cannot change (a read-only LDAP or Active Directory federation): the https "
                    + "address of the page where they change it, shown on the page that stops their login.", List.of(), 0, 500,
            PolicySetting::httpsUrlProblem),

    // ---- signals from login events (loginsignal/): off until a realm turns them on

    LOGIN_SIGNALS_ENABLED("loginSignalsEnabled", Type.BOOLEAN, "false", "Login signals: watch logins for attacks",
            "Count failed and successful logins per client address (as Keycloak resolves it, see its proxy-headers "
                    + "option) to detect credential stuffing and password spraying, and check successful logins against "
                    + "the address lists below. An account that logs in successfully from an attacking address is "
                    + "flagged (category suspicious-activity, source login-events) through the blast-radius limits.",
            List.of(), 0, 0),
    LOGIN_SIGNALS_STUFFING_WINDOW_MINUTES("loginSignalsStuffingWindowMinutes", Type.NUMBER, "10",
            "Login signals: stuffing window (minutes)",
            "Credential stuffing is counted over this sliding window (1 to 1440).", List.of(), 1, 1440),
    LOGIN_SIGNALS_STUFFING_MIN_USERNAMES("loginSignalsStuffingMinUsernames", Type.NUMBER, "20",
            "Login signals: stuffing threshold (usernames)",
            "Failed logins for at least this many distinct usernames (existing or not) from one address bucket within "
                    + "the window are credential stuffing (2 to 1000000).", List.of(), 2, 1_000_000),
    LOGIN_SIGNALS_SPRAYING_WINDOW_MINUTES("loginSignalsSprayingWindowMinutes", Type.NUMBER, "60",
            "Login signals: spraying window (minutes)",
            "Password spraying is counted over this sliding window (1 to 1440).", List.of(), 1, 1440),
    LOGIN_SIGNALS_SPRAYING_MIN_ACCOUNTS("loginSignalsSprayingMinAccounts", Type.NUMBER, "10",
            "Login signals: spraying threshold (accounts)",
            "Failed logins for at least this many distinct existing accounts from one address bucket within the "
                    + "window, with few attempts each (below), are password spraying (2 to 1000000).", List.of(), 2, 1_000_000),
    LOGIN_SIGNALS_SPRAYING_MAX_ATTEMPTS("loginSignalsSprayingMaxAttemptsPerAccount", Type.NUMBER, "2",
            "Login signals: spraying attempts per account",
            "Spraying tries few passwords per account: at most this many failed logins per account on average "
                    + "(1 to 100). More is a guessing attack on a few accounts, which Keycloak's brute-force "
                    + "protection handles.", List.of(), 1, 100),
    LOGIN_SIGNALS_MIN_FAILURE_PERCENT("loginSignalsMinFailurePercent", Type.NUMBER, "80",
            "Login signals: minimum share of failures (%)",
            "An address bucket counts as attacking only if at least this share of its logins in the window failed "
                    + "(1 to 100), so that a busy office or NAT address where a few people mistype is not an attack.",
            List.of(), 1, 100),
    LOGIN_SIGNALS_IPV4_PREFIX("loginSignalsIpv4Prefix", Type.NUMBER, "32", "Login signals: IPv4 address bucket (prefix length)",
            "IPv4 logins are counted per network of this prefix length: 32 each address, 24 per /24 (8 to 32).",
            List.of(), 8, 32),
    LOGIN_SIGNALS_IPV6_PREFIX("loginSignalsIpv6Prefix", Type.NUMBER, "64", "Login signals: IPv6 address bucket (prefix length)",
            "IPv6 logins are counted per network of this prefix length: 64 per /64 (one host can use a whole /64), "
                    + "128 each address (16 to 128).", List.of(), 16, 128),
    LOGIN_SIGNALS_ATTACK_ACTION("loginSignalsAttackAction", Type.CHOICE, "flag", "Login signals: on success during an attack",
            "flag: an account that logs in successfully from an attacking address bucket during the attack is "
                    + "flagged. record: the login is only recorded in the detection.", List.of("flag", "record"), 0, 0),
    LOGIN_SIGNALS_ADDRESS_LISTS("loginSignalsAddressLists", Type.TEXT, "", "Login signals: threat-intel address lists",
            "Lists of IP addresses and CIDR networks, one per line, separated by commas or spaces: https URLs, or "
                    + "file:/path for files in the server's list folder. Refreshed on a schedule by one node; when a "
                    + "refresh fails the last good copy stays in force.", List.of(), 0, 2000, ListSource::problem),
    LOGIN_SIGNALS_LIST_ACTION("loginSignalsListAction", Type.CHOICE, "flag", "Login signals: on success from a listed address",
            "flag: a successful login from a listed address flags the account. record: it is only recorded as a "
                    + "detection.", List.of("flag", "record"), 0, 0),
    LOGIN_SIGNALS_IGNORED_ADDRESSES("loginSignalsIgnoredAddresses", Type.TEXT, "", "Login signals: addresses never counted",
            "IP addresses and CIDR networks (comma-separated) whose logins are never counted nor checked: your own "
                    + "monitoring, a known proxy.", List.of(), 0, 2000, PolicySetting::addressesProblem);

    /** How a setting's value is written and checked. */
    public enum Type {
        BOOLEAN, NUMBER, CHOICE, TEXT
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String label;
    private final String help;
    private final List<String> options;
    private final long min;
    private final long max;
    private final UnaryOperator<String> check;

    PolicySetting(String key, Type type, String defaultValue, String label, String help, List<String> options, long min, long max) {
        this(key, type, defaultValue, label, help, options, min, max, value -> null);
    }

    /** @param check a further check of a value that passed its type's: the problem, or null */
    PolicySetting(String key, Type type, String defaultValue, String label, String help, List<String> options, long min, long max,
            UnaryOperator<String> check) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.label = label;
        this.help = help;
        this.options = options;
        this.min = min;
        this.max = max;
        this.check = check;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    public List<String> options() {
        return options;
    }

    /** Why {@code value} is not acceptable for this setting, or {@code null} if it is. Empty means "use the default". */
    public String problem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        String typeProblem = switch (type) {
            case BOOLEAN -> v.equals("true") || v.equals("false") ? null : key + " must be true or false";
            case CHOICE -> options.contains(v) ? null : key + " must be one of " + String.join(", ", options);
            case NUMBER -> {
                try {
                    long n = Long.parseLong(v);
                    yield n >= min && n <= max ? null : key + " must be between " + min + " and " + max;
                } catch (NumberFormatException e) {
                    yield key + " must be a whole number";
                }
            }
            case TEXT -> v.length() <= max ? null : key + " must be at most " + max + " characters";
        };
        return typeProblem != null ? typeProblem : check.apply(v);
    }

    private static String canarySizeProblem(String value) {
        return CanarySize.parse(value).isPresent() ? null
                : "canarySize must be a share such as 2% (1 to 100) or a number of accounts such as 200";
    }

    private static String httpsUrlProblem(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return null;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        return "externalPasswordChangeUrl must be an https address";
    }

    private static String addressesProblem(String value) {
        for (String token : value.split("[\\s,]+")) {
            if (!token.isEmpty() && AddressRanges.entry(token).isEmpty()) {
                return "loginSignalsIgnoredAddresses: '" + (token.length() > 50 ? token.substring(0, 50) + "..." : token)
                        + "' is not an IP address or CIDR network";
            }
        }
        return null;
    }

    public static PolicySetting byKey(String key) {
        for (PolicySetting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
