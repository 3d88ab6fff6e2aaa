package com.compromisedcredentials.dashboard;

import java.util.List;
import java.util.Map;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.support.web.DashboardPaths;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * A "Compromised credentials" tab under Realm settings in the stock admin console, giving the address of the
 * realm's dashboard. Keycloak shows such tabs only when its experimental {@code declarative-ui} feature is on.
 * <p>
 * The admin console draws a tab as a form of its provider's properties, filled from a component of the realm,
 * so {@link #ensure} stores one per realm holding the dashboard's path. It is a read-only text field, not a
 * link: the console's {@code Url} field type reads its address from a place a component's configuration
 * cannot fill (26.7 fails with {@code startsWith is not a function} when tried), so there is no way to show a
 * clickable link here.
 */
public class DashboardTab implements UiTabProviderFactory<ComponentModel>, UiTabProvider {

    private static final Logger LOG = Logger.getLogger(DashboardTab.class);

    static final String ID = ProviderIds.COMPROMISED_CREDENTIALS;
    static final String ADDRESS_KEY = "dashboard";

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
        tab.getConfig().putSingle(ADDRESS_KEY, "/" + DashboardPaths.console(realm.getName()));
        realm.addComponentModel(tab);
        LOG.infof("Added the compromised-credentials tab to the realm settings of %s", realm.getName());
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
        ProviderConfigProperty address = new ProviderConfigProperty(ADDRESS_KEY, "ccDashTabLabel", "ccDashTabHelp",
                ProviderConfigProperty.STRING_TYPE, null);
        address.setReadOnly(true);
        return List.of(address);
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
