package com.compromisedcredentials.digest;

import java.util.List;

import com.compromisedcredentials.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The admin digest on this node: reads its server options ({@code --spi-compromised-credentials-digest--default--...})
 * and, once Keycloak's start-up migration is done, schedules the job on every node, run by one node at a time
 * cluster-wide; each realm's period is claimed in the database, so a digest goes out once whichever node runs it.
 */
public class DefaultDigestFactory implements DigestFactory {

    static final String INTERVAL = "interval-seconds";
    static final String DAY = "day-seconds";

    private long intervalMillis;
    private long dayMillis;
    private DigestJob job;

    @Override
    public DigestJob create(KeycloakSession session) {
        return job;
    }

    @Override
    public void init(Config.Scope config) {
        intervalMillis = Math.max(1, config.getInt(INTERVAL, 300)) * 1000L;
        dayMillis = Math.max(10, config.getInt(DAY, (int) (DigestPeriod.DAY_MILLIS / 1000))) * 1000L;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        job = new DigestJob(factory, dayMillis);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                        new ClusterAwareScheduledTaskRunner(factory, job, intervalMillis), intervalMillis, job.getTaskName()));
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(300)
                .label("Interval (seconds)").helpText("How often a node looks for realms whose digest is due; a digest goes "
                        + "out at most this long after its period ends.").add()
                .property().name(DAY).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(86400)
                .label("Length of a day (seconds)").helpText("For tests and demos only: a shorter 'day' (at least 10 s) so "
                        + "that daily and weekly digests come within minutes. Leave it at 86400 in production.").add()
                .build();
    }

    @Override
    public void close() {
        if (job != null) {
            job.stop();
        }
    }

    @Override
    public String getId() {
        return ProviderIds.NODE_DEFAULT;
    }
}
