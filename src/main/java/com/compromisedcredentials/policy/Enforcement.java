package com.compromisedcredentials.policy;

import java.util.Comparator;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.support.web.WireName;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Whether a realm actually enforces its flags, as the batch summaries, {@code GET /policy} and the dashboard say it:
 * <ul>
 * <li>{@code on}: the {@code COMPROMISED_PASSWORD_RESET} required action is enabled and runs before every other
 * required action of a login, so nothing that changes a password, a second factor or the email address can be
 * reached before the step-up;</li>
 * <li>{@code weakened}: it is enabled, but an admin has ordered another enabled required action before it (Keycloak
 * runs a login's required actions by priority), so that action is reachable with the leaked password alone;</li>
 * <li>{@code off}: it is disabled or not registered: flags are recorded but nobody is stopped at login, and no email
 * tells a user that the old password no longer works.</li>
 * </ul>
 */
public enum Enforcement implements WireName {
    ON("on"), WEAKENED("weakened"), OFF("off");

    private static final Comparator<RequiredActionProviderModel> ORDER = RequiredActionProviderModel.RequiredActionComparator.SINGLETON;

    private final String wireName;

    Enforcement(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Enforcement of(RealmModel realm) {
        RequiredActionProviderModel reset = realm.getRequiredActionProviderByAlias(ProviderIds.RESET_REQUIRED_ACTION);
        if (reset == null || !reset.isEnabled()) {
            return OFF;
        }
        boolean first = realm.getRequiredActionProvidersStream()
                .filter(RequiredActionProviderModel::isEnabled)
                .filter(other -> !ProviderIds.RESET_REQUIRED_ACTION.equals(other.getAlias()))
                .allMatch(other -> ORDER.compare(reset, other) < 0);
        return first ? ON : WEAKENED;
    }

    /**
     * The priority that puts the reset before every other required action of the realm: below the lowest other
     * priority (ties are broken by name in Keycloak's order, so a tie is not enough).
     */
    public static int firstPriority(RealmModel realm) {
        int lowest = realm.getRequiredActionProvidersStream()
                .filter(other -> !ProviderIds.RESET_REQUIRED_ACTION.equals(other.getAlias()))
                .mapToInt(RequiredActionProviderModel::getPriority).min().orElse(10);
        return lowest - 10;
    }
}
