package com.compromisedcredentials.breach;

import org.keycloak.provider.ProviderFactory;

public interface BreachServiceFactory extends ProviderFactory<BreachService> {
}
