package com.compromisedcredentials.flag.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Adds the extension's tables to Keycloak's database, through the changelog below. */
public class FlagEntityProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/compromised-credentials-changelog.xml";

    private final String factoryId;

    FlagEntityProvider(String factoryId) {
        this.factoryId = factoryId;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(CcBatchEntity.class, CcBatchSubjectEntity.class, CcFlagEntity.class, CcFlagEvidenceEntity.class,
                CcRealmLockEntity.class, CcOutboxEntity.class, CcSsfTransmitterEntity.class, CcSsfReceivedEntity.class,
                CcLoginFailureEntity.class, CcLoginSuccessEntity.class, CcLoginDetectionEntity.class, CcAddressListEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return factoryId;
    }

    @Override
    public void close() {
    }
}
