package com.compromisedcredentials.notify;

import org.keycloak.provider.ProviderFactory;

public interface OutboxFactory extends ProviderFactory<Outbox> {
}
