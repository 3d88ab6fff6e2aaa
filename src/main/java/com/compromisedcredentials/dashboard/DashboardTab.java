package com.compromisedcredentials.dashboard;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.ProviderIds;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * A "Compromised credentials" tab under Realm settings in the stock admin console, with a link to the realm's
 * dashboard. Keycloak shows such tabs only when its experimental {@code declarative-ui} feature is enabled.
 * <p>
 * The admin console draws a tab as a form of its provider's properties, filled from a component of the realm.
 * Its only way to show a link is the {@code Url} property type, which (in Keycloak 26.7) reads the link from
 * the {@code value} entry of the form field named by the property. So the property is named {@code config},
 * and {@link #ensure} stores, per realm, a component whose config {@code value} is the dashboard's address,
 * relative to the admin console's own address ({@code /admin/{realm}/console/}) so that it works behind any
 * hostname or context path.
 */
public class DashboardTab implements UiTabProviderFactory<ComponentModel>, UiTabProvider {

    private static final Logger LOG = Logger.getLogger(DashboardTab.class);

    static final String ID = ProviderIds.COMPROMISED_CREDENTIALS;
    static final String LINK_KEY = "value";

    /** Adds the tab's component to the realm when the feature is on and the realm has none yet. */
    public static void ensure(RealmModel realm) {
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            return;
        }
        boolean present = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .anyMatch(c -> ID.equals(c.getProviderId()));
        if (present) {
            return;
        }
        ComponentModel tab = new ComponentModel();
        tab.setName(ID);
        tab.setProviderId(ID);
        tab.setProviderType(UiTabProvider.class.getName());
        tab.setParentId(realm.getId());
        tab.getConfig().putSingle(LINK_KEY, linkFromAdminConsole(realm.getName()));
        realm.addComponentModel(tab);
        LOG.infof("Added the compromised-credentials tab to the realm settings of %s", realm.getName());
    }

    /** From {@code .../admin/{any realm}/console/} to {@code .../realms/{realm}/compromised-credentials/console/}. */
    static String linkFromAdminConsole(String realmName) {
        return "../../../" + DashboardPaths.console(realmName);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ID);
    }

    @Override
    public String getHelpText() {
        return "A link to the compromised-credentials dashboard: held batches, flags, revert and the realm policy.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name("config")
                .type(ProviderConfigProperty.URL_TYPE)
                .label("ccDashTabLabel")
                .helpText("ccDashTabLink")
                .add()
                .build();
    }

    @Override
    public ComponentModel create(KeycloakSession session, ComponentModel model) {
        return model;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
