package com.compromisedcredentials.events;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.install.RealmInstaller;
import com.compromisedcredentials.install.SupportedKeycloak;
import com.compromisedcredentials.loginsignal.LoginSignals;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Version;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The {@code compromised-credentials} event listener. Also makes "installing is enough" true: at start-up
 * and whenever a realm is created it registers the required action and this listener in the realm, unless
 * the server option {@code --spi-events-listener--compromised-credentials--auto-register=false} is set. The
 * node-wide services (login signals, the email dispatcher, the breach source, the Shared Signals poller) are
 * providers of their own, each with its options and jobs.
 */
public class CompromisedCredentialsEventListenerFactory implements EventListenerProviderFactory {

    private static final Logger LOG = Logger.getLogger(CompromisedCredentialsEventListenerFactory.class);

    static final String AUTO_REGISTER = "auto-register";

    private boolean autoRegister = true;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new CompromisedCredentialsEventListener(session, session.getProvider(LoginSignals.class));
    }

    @Override
    public void init(Config.Scope config) {
        autoRegister = config.getBoolean(AUTO_REGISTER, true);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SupportedKeycloak.problem(Version.VERSION).ifPresent(LOG::error);
        if (!autoRegister) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session ->
                        session.realms().getRealmsStream().forEach(realm -> RealmInstaller.install(session, realm)));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmInstaller.install(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(AUTO_REGISTER)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("Register in every realm")
                .helpText("At start-up and on realm creation, register and enable the COMPROMISED_PASSWORD_RESET "
                        + "required action and add this event listener to each realm. Turn off to manage realms as code.")
                .defaultValue(true)
                .add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.COMPROMISED_CREDENTIALS;
    }
}
