package com.compromisedcredentials.breach;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.compromisedcredentials.FormerOptions;
import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.support.net.OutboundAddresses;
import com.compromisedcredentials.support.net.OutboundAddressesFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The breach source of this node: reads its server options ({@link BreachSettings}, e.g.
 * {@code --spi-compromised-credentials-breach--default--source=offline-corpus --spi-compromised-credentials-breach--default--corpus-path=/data/pwned.idx}),
 * opens the source once every factory is initialised (the range API's client needs the server's outbound allow-list;
 * a missing corpus is reported at start-up, not at the first password change), and closes it at shutdown.
 */
public class DefaultBreachServiceFactory implements BreachServiceFactory {

    private static final Logger LOG = Logger.getLogger(DefaultBreachServiceFactory.class);

    /** How long to wait before trying again to open an offline corpus that could not be opened. */
    private static final Duration CORPUS_RETRY = Duration.ofSeconds(60);

    private BreachSettings settings;
    private BreachSource source;
    private BreachService service;

    @Override
    public BreachService create(KeycloakSession session) {
        return service;
    }

    @Override
    public void init(Config.Scope options) {
        Config.Scope config = FormerOptions.of(options,
                ProviderIds.BREACH_SPI, "password-policy", ProviderIds.NOT_COMPROMISED_POLICY, Stream.of(BreachSettings.SOURCE, BreachSettings.HIBP_BASE_URL, BreachSettings.HIBP_CONNECT_TIMEOUT_MS,
                BreachSettings.HIBP_READ_TIMEOUT_MS, BreachSettings.HIBP_CACHE_SIZE, BreachSettings.HIBP_CACHE_TTL_SECONDS, BreachSettings.CORPUS_PATH,
                BreachSettings.ON_LOOKUP_FAILURE).collect(Collectors.toMap(o -> o, o -> o)));
        settings = BreachSettings.read(config::get);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        start(OutboundAddressesFactory.of(factory));
    }

    void start(OutboundAddresses addresses) {
        source = settings.source() == BreachCheck.Mode.OFFLINE_CORPUS
                ? new CorpusFileSource(settings.corpusPath(), CORPUS_RETRY)
                : new HibpRangeClient(settings.hibp(), addresses);
        BreachLookupCounters counters = new BreachLookupCounters();
        service = new BreachService(settings, new BreachCheck(settings.source(), source, 1, settings.onLookupFailure(), counters), counters);
        LOG.debugf("Breach source %s, on lookup failure %s", settings.source().wireName(), settings.onLookupFailure().wireName());
        if (source instanceof CorpusFileSource corpus) {
            try {
                corpus.open(); // says at start-up, not at the first password change, if the corpus is missing
            } catch (BreachLookupException e) {
                // logged by the source; lookups apply the failure mode until it can be opened
            }
        }
    }

    /** The options as {@code kc.sh show-config} and the admin console's provider info list them. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(BreachSettings.SOURCE).type(ProviderConfigProperty.LIST_TYPE)
                .options(BreachCheck.Mode.HIBP_API.wireName(), BreachCheck.Mode.OFFLINE_CORPUS.wireName())
                .defaultValue(BreachCheck.Mode.HIBP_API.wireName())
                .helpText("Where breach counts come from: the HIBP Pwned Passwords range API (only the first 5 hex "
                        + "digits of the password's SHA-1 are sent) or an offline corpus index built with CorpusIndexBuilder.")
                .add()
                .property().name(BreachSettings.HIBP_BASE_URL).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(HibpRangeClient.Settings.DEFAULT_BASE_URL.toString())
                .helpText("Base URL of the range API, or of a mirror or proxy serving {base}/range/{prefix}.")
                .add()
                .property().name(BreachSettings.HIBP_CONNECT_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1000)
                .helpText("Milliseconds to open the connection to the range API (1 to 60000).")
                .add()
                .property().name(BreachSettings.HIBP_READ_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(2000)
                .helpText("Milliseconds for the whole answer once connected (1 to 60000).")
                .add()
                .property().name(BreachSettings.HIBP_CACHE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(HibpRangeClient.Settings.DEFAULT_CACHE_ENTRIES)
                .helpText("Range answers kept in memory, least recently used dropped first (about 20 KB each; 0 turns the cache off).")
                .add()
                .property().name(BreachSettings.HIBP_CACHE_TTL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(600)
                .helpText("Seconds a cached range answer is used before it is asked for again.")
                .add()
                .property().name(BreachSettings.CORPUS_PATH).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The offline corpus index file; required when source is offline-corpus.")
                .add()
                .property().name(BreachSettings.ON_LOOKUP_FAILURE).type(ProviderConfigProperty.LIST_TYPE)
                .options(BreachCheck.FailureMode.ALLOW.wireName(), BreachCheck.FailureMode.DENY.wireName())
                .defaultValue(BreachCheck.FailureMode.ALLOW.wireName())
                .helpText("A password that cannot be checked (source down, timed out, corpus missing) is accepted "
                        + "(allow) or refused (deny). Every failure is logged and counted.")
                .add()
                .build();
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }

    @Override
    public String getId() {
        return ProviderIds.NODE_DEFAULT;
    }
}
