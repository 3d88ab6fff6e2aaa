package com.compromisedcredentials.notify;

import org.keycloak.provider.ProviderFactory;

public interface EmailDispatchFactory extends ProviderFactory<OutboxDispatcher> {
}
