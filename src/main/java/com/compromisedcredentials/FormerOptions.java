package com.compromisedcredentials;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.Config;

/**
 * Server options read under their current name, or else under the name 1.0.0 gave them: 1.0.0 configured the
 * node-wide services on other SPIs' providers (the email dispatcher and login signals on the event listener, the
 * breach source on the {@code notCompromised} password policy, the Shared Signals receiver on its realm resource). A
 * server started with a former name keeps working and is told, once per option, the name to use instead; the
 * former names go in the next major version.
 */
public final class FormerOptions implements Config.Scope {

    private static final Logger LOG = Logger.getLogger(FormerOptions.class);

    private final Config.Scope current;
    private final String formerSpi;
    private final String formerProvider;
    private final String currentPrefix;
    private final String formerPrefix;
    private final Map<String, String> formerNames;
    private final Set<String> warned = new HashSet<>();

    private FormerOptions(Config.Scope current, String formerSpi, String formerProvider, String currentPrefix, String formerPrefix,
            Map<String, String> formerNames) {
        this.current = current;
        this.formerSpi = formerSpi;
        this.formerProvider = formerProvider;
        this.currentPrefix = currentPrefix;
        this.formerPrefix = formerPrefix;
        this.formerNames = formerNames;
    }

    /**
     * {@code current}, the scope of {@code --spi-<spi>--default--...}, falling back to the options of
     * {@code --spi-<formerSpi>--<formerProvider>--...} named in {@code formerNames} (current name to former name).
     */
    public static Config.Scope of(Config.Scope current, String spi, String formerSpi, String formerProvider,
            Map<String, String> formerNames) {
        return new FormerOptions(current, formerSpi, formerProvider, "--spi-" + spi + "--" + ProviderIds.NODE_DEFAULT + "--",
                "--spi-" + formerSpi + "--" + dashed(formerProvider) + "--", formerNames);
    }

    /** A provider id as Keycloak spells it in option names: {@code notCompromised} is {@code not-compromised}. */
    private static String dashed(String id) {
        return id.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String get(String key) {
        String value = current.get(key);
        if (value != null || !formerNames.containsKey(key)) {
            return value;
        }
        String formerName = formerNames.get(key);
        value = former().get(formerName);
        if (value != null && warned.add(key)) {
            LOG.warnf("The server option %s%s is deprecated and will be removed in the next major version: use %s%s",
                    formerPrefix, formerName, currentPrefix, key);
        }
        return value;
    }

    /** Keycloak's configuration under the former SPI and provider; none where Keycloak's configuration is not set up (unit tests). */
    private Config.Scope former() {
        try {
            return Config.scope(formerSpi, formerProvider);
        } catch (RuntimeException notInitialised) {
            return current.scope("-"); // an empty scope
        }
    }

    @Override
    public String get(String key, String defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : value;
    }

    @Override
    public String[] getArray(String key) {
        String value = get(key);
        return value == null ? null : value.split(",");
    }

    @Override
    public Integer getInt(String key) {
        return getInt(key, null);
    }

    @Override
    public Integer getInt(String key, Integer defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : Integer.valueOf(value.trim());
    }

    @Override
    public Long getLong(String key) {
        return getLong(key, null);
    }

    @Override
    public Long getLong(String key, Long defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : Long.valueOf(value.trim());
    }

    @Override
    public Boolean getBoolean(String key) {
        return getBoolean(key, null);
    }

    @Override
    public Boolean getBoolean(String key, Boolean defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : Boolean.valueOf(value.trim());
    }

    @Override
    public Config.Scope scope(String... path) {
        return current.scope(path);
    }

    @Override
    public Set<String> getPropertyNames() {
        return current.getPropertyNames();
    }

    @Override
    public Config.Scope root() {
        return current.root();
    }
}
