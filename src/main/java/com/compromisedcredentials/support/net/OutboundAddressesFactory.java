package com.compromisedcredentials.support.net;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * Reads the server's outbound allow-list once, {@code --spi-compromised-credentials-outbound--default--allow=10.0.0.0/8,::1}
 * (empty by default: public addresses only), and hands the same {@link OutboundAddresses} to every session.
 */
public class OutboundAddressesFactory implements ProviderFactory<OutboundAddresses> {

    static final String ALLOW = "allow";

    private static final Logger LOG = Logger.getLogger(OutboundAddressesFactory.class);

    private OutboundAddresses addresses = OutboundAddresses.publicOnly();

    @Override
    public OutboundAddresses create(KeycloakSession session) {
        return addresses;
    }

    /** The allow-list of this server, for a node-wide client built outside a request. */
    public static OutboundAddresses of(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            return session.getProvider(OutboundAddresses.class);
        }
    }

    @Override
    public void init(Config.Scope config) {
        addresses = OutboundAddresses.allowing(config.get(ALLOW, ""));
        LOG.debugf("Outbound requests may reach %s", addresses);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ALLOW).type(ProviderConfigProperty.STRING_TYPE).defaultValue("")
                .label("Internal addresses outbound requests may reach")
                .helpText("Addresses or CIDR networks (comma-separated) inside the network that transmitter keys and polls, "
                        + "address lists and the breach range API may reach. Loopback, private, link-local, unique-local and "
                        + "multicast addresses are refused unless named here; public addresses are always allowed.").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ProviderIds.OUTBOUND_DEFAULT;
    }
}
