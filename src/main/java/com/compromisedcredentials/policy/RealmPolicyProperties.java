package com.compromisedcredentials.policy;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The realm policy as the admin console's form for the required action's settings. */
public final class RealmPolicyProperties {

    private RealmPolicyProperties() {
    }

    public static List<ProviderConfigProperty> all() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (PolicySetting setting : PolicySetting.values()) {
            ProviderConfigurationBuilder.ProviderConfigPropertyBuilder property = builder.property()
                    .name(setting.key())
                    .label(setting.label())
                    .helpText(setting.help())
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
