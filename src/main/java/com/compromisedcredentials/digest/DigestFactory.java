package com.compromisedcredentials.digest;

import org.keycloak.provider.ProviderFactory;

public interface DigestFactory extends ProviderFactory<DigestJob> {
}
