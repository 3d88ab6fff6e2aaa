package com.compromisedcredentials.loginsignal;

import java.util.List;

import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.support.net.AddressRanges;
import com.compromisedcredentials.support.net.ClientAddress;
import com.compromisedcredentials.support.net.ListSource;
import org.keycloak.models.RealmModel;

/** The login-signal settings of a realm's policy, typed. Defaults live in {@link PolicySetting}. */
public record LoginSignalPolicy(
        boolean enabled,
        long stuffingWindowMillis,
        int stuffingMinUsernames,
        long sprayingWindowMillis,
        int sprayingMinAccounts,
        int sprayingMaxAttemptsPerAccount,
        int minFailurePercent,
        int ipv4Prefix,
        int ipv6Prefix,
        boolean flagOnAttack,
        List<ListSource> lists,
        boolean flagOnListed,
        AddressRanges ignored) {

    public static LoginSignalPolicy of(RealmModel realm) {
        return of(RealmPolicy.of(realm));
    }

    public static LoginSignalPolicy of(RealmPolicy policy) {
        return new LoginSignalPolicy(
                policy.flag(PolicySetting.LOGIN_SIGNALS_ENABLED),
                policy.number(PolicySetting.LOGIN_SIGNALS_STUFFING_WINDOW_MINUTES) * 60_000L,
                (int) policy.number(PolicySetting.LOGIN_SIGNALS_STUFFING_MIN_USERNAMES),
                policy.number(PolicySetting.LOGIN_SIGNALS_SPRAYING_WINDOW_MINUTES) * 60_000L,
                (int) policy.number(PolicySetting.LOGIN_SIGNALS_SPRAYING_MIN_ACCOUNTS),
                (int) policy.number(PolicySetting.LOGIN_SIGNALS_SPRAYING_MAX_ATTEMPTS),
                (int) policy.number(PolicySetting.LOGIN_SIGNALS_MIN_FAILURE_PERCENT),
                (int) policy.number(PolicySetting.LOGIN_SIGNALS_IPV4_PREFIX),
                (int) policy.number(PolicySetting.LOGIN_SIGNALS_IPV6_PREFIX),
                policy.value(PolicySetting.LOGIN_SIGNALS_ATTACK_ACTION).equals("flag"),
                ListSource.parseAll(policy.value(PolicySetting.LOGIN_SIGNALS_ADDRESS_LISTS)),
                policy.value(PolicySetting.LOGIN_SIGNALS_LIST_ACTION).equals("flag"),
                AddressRanges.parse(policy.value(PolicySetting.LOGIN_SIGNALS_IGNORED_ADDRESSES), 10_000).ranges());
    }

    /** Whether the listener should queue this realm's logins at all: a cheap read of one stored setting. */
    public static boolean enabled(RealmModel realm) {
        return RealmPolicy.of(realm).flag(PolicySetting.LOGIN_SIGNALS_ENABLED);
    }

    /** The longer of the two windows: how long counts are kept. */
    public long longestWindowMillis() {
        return Math.max(stuffingWindowMillis, sprayingWindowMillis);
    }

    /** The bucket an address is counted in. */
    public String bucket(ClientAddress address) {
        return address.bucket(ipv4Prefix, ipv6Prefix);
    }
}
