package com.compromisedcredentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class FormerOptionsTest {

    /** The options Keycloak holds, by scope ("spi.provider"). */
    private static void serverOptions(Map<String, Map<String, String>> byScope) {
        Config.init(new Config.ConfigProvider() {
            @Override
            public String getProvider(String spi) {
                return null;
            }

            @Override
            public String getDefaultProvider(String spi) {
                return null;
            }

            @Override
            public Config.Scope scope(String... scope) {
                return new MapScope(byScope.getOrDefault(String.join(".", scope), Map.of()));
            }
        });
    }

    @AfterEach
    void forgetServerOptions() {
        serverOptions(Map.of());
    }

    @Test
    void theCurrentNameWinsAndTheFormerOneIsReadWhenItIsNotSet() {
        serverOptions(Map.of("events-listener.compromised-credentials", Map.of("outbox-max-attempts", "7", "outbox-batch-size", "30")));
        Config.Scope options = FormerOptions.of(new MapScope(Map.of("batch-size", "50")), ProviderIds.EMAIL_SPI, "events-listener",
                "compromised-credentials", Map.of("max-attempts", "outbox-max-attempts", "batch-size", "outbox-batch-size",
                        "interval-seconds", "outbox-interval-seconds"));

        assertEquals(7, options.getInt("max-attempts", 50), "the 1.0.0 name, not set under the new one");
        assertEquals(50, options.getInt("batch-size", 200), "the new name, set under both");
        assertEquals(10, options.getInt("interval-seconds", 10), "set under neither: the default");
        assertNull(options.get("first-retry-seconds"), "an option without a former name");
    }

    @Test
    void anOptionSetUnderNeitherNameHasItsDefault() {
        serverOptions(Map.of("password-policy.notCompromised", Map.of("hibp-cache-size", "0")));
        Config.Scope options = FormerOptions.of(new MapScope(Map.of()), ProviderIds.BREACH_SPI, "password-policy",
                ProviderIds.NOT_COMPROMISED_POLICY, Map.of("source", "source"));

        assertEquals("hibp-api", options.get("source", "hibp-api"));
    }

    private record MapScope(Map<String, String> options) implements Config.Scope {
        @Override
        public String get(String key) {
            return options.get(key);
        }

        @Override
        public String get(String key, String defaultValue) {
            return options.getOrDefault(key, defaultValue);
        }

        @Override
        public String[] getArray(String key) {
            return null;
        }

        @Override
        public Integer getInt(String key) {
            return getInt(key, null);
        }

        @Override
        public Integer getInt(String key, Integer defaultValue) {
            return options.containsKey(key) ? Integer.valueOf(options.get(key)) : defaultValue;
        }

        @Override
        public Long getLong(String key) {
            return null;
        }

        @Override
        public Long getLong(String key, Long defaultValue) {
            return defaultValue;
        }

        @Override
        public Boolean getBoolean(String key) {
            return null;
        }

        @Override
        public Boolean getBoolean(String key, Boolean defaultValue) {
            return defaultValue;
        }

        @Override
        public Config.Scope scope(String... scope) {
            return new MapScope(Map.of());
        }

        @Override
        public Set<String> getPropertyNames() {
            return options.keySet();
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }
}
