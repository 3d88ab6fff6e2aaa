package com.compromisedcredentials.policy;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The realm policy as the admin console's form for the required action's settings. */
public final class RealmPolicyProperties {

    /**
     * Added to the first setting's help, which is as close to a description as the admin console shows for a
     * required action. Plain text: the console shows help texts as text, never as links.
     */
    static final String DASHBOARD_HINT = "Held batches, flags, reverts and this policy also have a dashboard: open "
            + "/realms/<this realm>/compromised-credentials/console/ on this server.";

    private RealmPolicyProperties() {
    }

    public static List<ProviderConfigProperty> all() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (PolicySetting setting : PolicySetting.values()) {
            ProviderConfigurationBuilder.ProviderConfigPropertyBuilder property = builder.property()
                    .name(setting.key())
                    .label(setting.label())
                    .helpText(setting.ordinal() == 0 ? setting.help() + " " + DASHBOARD_HINT : setting.help())
                    .type(switch (setting.type()) {
                        case BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
                        case CHOICE -> ProviderConfigProperty.LIST_TYPE;
                        case NUMBER, TEXT -> ProviderConfigProperty.STRING_TYPE;
                    })
                    .defaultValue(setting.type() == PolicySetting.Type.BOOLEAN
                            ? (Object) Boolean.valueOf(setting.defaultValue()) : setting.defaultValue());
            if (setting.type() == PolicySetting.Type.CHOICE) {
                property.options(setting.options());
            }
            property.add();
        }
        return builder.build();
    }
}
