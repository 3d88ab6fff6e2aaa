package com.compromisedcredentials.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.flag.EnforcementMode;
import com.compromisedcredentials.support.web.WireName;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/**
 * The realm policy in force: the stored settings of the {@code COMPROMISED_PASSWORD_RESET} required action,
 * typed, with {@link PolicySetting}'s defaults filled in. A stored value that is not valid (it can only get
 * there by bypassing validation) reads as the default.
 */
public final class RealmPolicy {

    private final Map<String, String> stored;

    private RealmPolicy(Map<String, String> stored) {
        this.stored = stored == null ? Map.of() : Map.copyOf(stored);
    }

    public static RealmPolicy of(Map<String, String> stored) {
        return new RealmPolicy(stored);
    }

    public static RealmPolicy of(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(ProviderIds.RESET_REQUIRED_ACTION);
        return new RealmPolicy(config == null ? null : config.getConfig());
    }

    public String value(PolicySetting setting) {
        String raw = stored.get(setting.key());
        return raw == null || raw.isBlank() || setting.problem(raw) != null ? setting.defaultValue() : raw.trim();
    }

    public boolean flag(PolicySetting setting) {
        return Boolean.parseBoolean(value(setting));
    }

    public long number(PolicySetting setting) {
        return Long.parseLong(value(setting));
    }

    public EnforcementMode enforcementMode() {
        String mode = value(PolicySetting.ENFORCEMENT_MODE);
        return WireName.find(EnforcementMode.class, mode)
                .orElse(EnforcementMode.STEP_UP_RESET);
    }

    /** Whether subjects carrying the leaked password start as SUSPECTED flags, verified at the next password login. */
    public boolean leakVerificationAtLogin() {
        return !"off".equals(value(PolicySetting.LEAK_VERIFICATION));
    }

    /** Whether plaintext leaked passwords are also checked at once against the stored password, in the background. */
    public boolean leakVerificationImmediate() {
        return "immediate".equals(value(PolicySetting.LEAK_VERIFICATION));
    }

    /** How long a SUSPECTED flag waits for a password login. */
    public long suspectedMaxAgeMillis() {
        return number(PolicySetting.SUSPECTED_EXPIRY_DAYS) * 86_400_000L;
    }

    /** Every setting with the value in force, in declaration order (for {@code GET /policy}). */
    public Map<String, Object> effective() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (PolicySetting setting : PolicySetting.values()) {
            all.put(setting.key(), switch (setting.type()) {
                case BOOLEAN -> flag(setting);
                case NUMBER -> number(setting);
                default -> value(setting);
            });
        }
        return all;
    }

    /** The problems of a configuration an admin wants to store; empty when it is fine. Unknown keys are problems. */
    public static List<String> problems(Map<String, String> config) {
        return config.entrySet().stream()
                .map(e -> {
                    PolicySetting setting = PolicySetting.byKey(e.getKey());
                    if (setting == null) {
                        return e.getKey().equals(org.keycloak.models.Constants.MAX_AUTH_AGE_KEY) ? null : "unknown setting " + e.getKey();
                    }
                    return setting.problem(e.getValue());
                })
                .filter(p -> p != null)
                .toList();
    }
}
