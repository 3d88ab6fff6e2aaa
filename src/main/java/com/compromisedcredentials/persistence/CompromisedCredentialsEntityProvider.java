package com.compromisedcredentials.persistence;

import java.util.List;

import com.compromisedcredentials.flag.jpa.CcBatchEntity;
import com.compromisedcredentials.flag.jpa.CcBatchSubjectEntity;
import com.compromisedcredentials.flag.jpa.CcFlagEntity;
import com.compromisedcredentials.flag.jpa.CcFlagEvidenceEntity;
import com.compromisedcredentials.flag.jpa.CcRealmLockEntity;
import com.compromisedcredentials.loginsignal.jpa.CcAddressListEntity;
import com.compromisedcredentials.loginsignal.jpa.CcLoginDetectionEntity;
import com.compromisedcredentials.loginsignal.jpa.CcLoginFailureEntity;
import com.compromisedcredentials.loginsignal.jpa.CcLoginSuccessEntity;
import com.compromisedcredentials.notify.jpa.CcOutboxEntity;
import com.compromisedcredentials.ssf.jpa.CcSsfReceivedEntity;
import com.compromisedcredentials.ssf.jpa.CcSsfTransmitterEntity;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/**
 * Adds the extension's tables to Keycloak's database, through the changelog below. The one entity provider of the
 * extension (its id names the changelog's bookkeeping), so it lists the entities of every capability: flag/jpa,
 * notify/jpa, ssf/jpa and loginsignal/jpa. Each capability reaches its own tables through its own store.
 */
public class CompromisedCredentialsEntityProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/compromised-credentials-changelog.xml";

    private final String factoryId;

    CompromisedCredentialsEntityProvider(String factoryId) {
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
