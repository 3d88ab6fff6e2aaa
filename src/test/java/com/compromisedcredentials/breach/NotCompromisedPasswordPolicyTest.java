package com.compromisedcredentials.breach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compromisedcredentials.support.net.OutboundAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.policy.PolicyError;
import org.keycloak.provider.ProviderConfigProperty;

class NotCompromisedPasswordPolicyTest {

    @TempDir
    Path dir;

    /** A realm whose password policy has no argument for notCompromised: the default minimum, 1. */
    private static final RealmModel REALM = (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(),
            new Class<?>[] {RealmModel.class}, (proxy, method, args) -> method.getName().equals("getPasswordPolicy")
                    ? PasswordPolicy.empty() : null);

    @Test
    void isRegisteredAsAKeycloakPasswordPolicyNamedNotCompromised() {
        NotCompromisedPasswordPolicyProviderFactory factory = ServiceLoader.load(PasswordPolicyProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(NotCompromisedPasswordPolicyProviderFactory.class::isInstance)
                .map(NotCompromisedPasswordPolicyProviderFactory.class::cast)
                .findFirst().orElseThrow();

        assertEquals("notCompromised", factory.getId());
        assertEquals(PasswordPolicyProvider.INT_CONFIG_TYPE, factory.getConfigType());
        assertEquals("1", factory.getDefaultConfigValue());
        assertFalse(factory.isMultiplSupported());
        assertFalse(factory.getDisplayName().isBlank());
        assertEquals(List.of("source", "hibp-base-url", "hibp-connect-timeout-ms", "hibp-read-timeout-ms", "hibp-cache-size",
                        "hibp-cache-ttl-seconds", "corpus-path", "on-lookup-failure"),
                new DefaultBreachServiceFactory().getConfigMetadata().stream().map(ProviderConfigProperty::getName).toList(),
                "the breach source's server options");
        assertEquals("default", new DefaultBreachServiceFactory().getId());
    }

    @Test
    void withAnOfflineCorpusABreachedPasswordIsRefusedWithItsCount() throws IOException {
        Path index = dir.resolve("pwned.idx");
        new CorpusIndexBuilder(dir, 1000, p -> { }).build(
                Files.writeString(dir.resolve("pwned.txt"), "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:9659365\n"), index);
        DefaultBreachServiceFactory factory = factory(Map.of("source", "offline-corpus", "corpus-path", index.toString()));
        try {
            PasswordPolicyProvider policy = policy(factory);

            PolicyError error = policy.validate(REALM, null, "password");

            assertEquals("ccPasswordBreached", error.getMessage());
            assertArrayEquals(new Object[] {9_659_365L}, error.getParameters());
            assertNull(policy.validate(REALM, null, "correct horse battery staple"));
            assertEquals(1, factory.create(null).counters().breached());
            assertEquals(1, factory.create(null).counters().notBreached());
        } finally {
            factory.close();
        }
    }

    @Test
    void aMissingCorpusIsALookupFailureThatTheFailureModeDecides() {
        DefaultBreachServiceFactory allow = factory(Map.of("source", "offline-corpus",
                "corpus-path", dir.resolve("missing.idx").toString()));
        DefaultBreachServiceFactory deny = factory(Map.of("source", "offline-corpus",
                "corpus-path", dir.resolve("missing.idx").toString(), "on-lookup-failure", "deny"));

        assertNull(policy(allow).validate(REALM, null, "password"));
        PolicyError refused = policy(deny).validate(REALM, null, "password");

        assertEquals("ccPasswordBreachCheckUnavailable", refused.getMessage());
        assertEquals(1, allow.create(null).counters().failures(BreachLookupException.Reason.CORPUS_UNAVAILABLE));
        assertEquals(1, deny.create(null).counters().failures(BreachLookupException.Reason.CORPUS_UNAVAILABLE));
    }

    @Test
    void withTheRangeApiABreachedPasswordIsRefused() throws IOException {
        try (RangeApiStub api = new RangeApiStub()) {
            api.serve("1E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n");
            DefaultBreachServiceFactory factory = factory(Map.of("hibp-base-url", api.baseUrl().toString()));

            PolicyError error = policy(factory).validate(REALM, null, "password");

            assertEquals("ccPasswordBreached", error.getMessage());
            assertEquals("/range/5BAA6", api.seen().get(0).path());
        }
    }

    @Test
    void theArgumentIsAMinimumOfOneOrMore() {
        PasswordPolicyProvider policy = policy(factory(Map.of()));

        assertEquals(1, policy.parseConfig(null));
        assertEquals(10, policy.parseConfig("10"));
        assertThrows(PasswordPolicyConfigException.class, () -> policy.parseConfig("0"));
        assertThrows(PasswordPolicyConfigException.class, () -> policy.parseConfig("many"));
    }

    @Test
    void aNonsenseOptionStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory(Map.of("on-lookup-failure", "maybe")));
        assertTrue(e.getMessage().contains("on-lookup-failure"));
    }

    @Test
    void everyLanguageSaysHowOftenThePasswordWasSeenAndThatTheCheckWasUnavailable() throws IOException {
        Map<String, String[]> expected = Map.of(
                "en", new String[] {"once", "37,359,195 times"},
                "de", new String[] {"einmal", "37.359.195-mal"},
                "fr", new String[] {"une fois", "37\u202f359\u202f195 fois"},
                "es", new String[] {"una vez", "37.359.195 veces"});
        for (Map.Entry<String, String[]> language : expected.entrySet()) {
            Properties messages = messages(language.getKey());
            Locale locale = Locale.forLanguageTag(language.getKey());
            String once = new MessageFormat(messages.getProperty("ccPasswordBreached"), locale).format(new Object[] {1L});
            String often = new MessageFormat(messages.getProperty("ccPasswordBreached"), locale).format(new Object[] {37_359_195L});
            assertTrue(once.contains(language.getValue()[0]), once);
            assertTrue(often.replace('\u00a0', '\u202f').contains(language.getValue()[1]), often);
            assertFalse(often.contains("''") || often.contains("{"), "a pattern left unformatted: " + often);
            assertFalse(messages.getProperty("ccPasswordBreachCheckUnavailable", "").isBlank(), language.getKey());
        }
    }

    @Test
    void everyLanguageHasTheSameKeys() throws IOException {
        Set<Object> english = messages("en").keySet();
        for (String language : List.of("de", "fr", "es")) {
            assertEquals(new HashSet<>(english), new HashSet<>(messages(language).keySet()), language);
        }
    }

    /** The {@code notCompromised} policy asking that source, as its factory makes it in a request. */
    private static PasswordPolicyProvider policy(DefaultBreachServiceFactory source) {
        return new NotCompromisedPasswordPolicyProvider(null, source.create(null).check());
    }

    /** The node's breach source as the server options make it. */
    private DefaultBreachServiceFactory factory(Map<String, String> options) {
        DefaultBreachServiceFactory factory = new DefaultBreachServiceFactory();
        factory.init(new MapScope(options));
        factory.start(OutboundAddresses.allowing("127.0.0.1, ::1"));
        return factory;
    }

    private static Properties messages(String language) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = NotCompromisedPasswordPolicyTest.class.getResourceAsStream(
                "/theme-resources/messages/messages_" + language + ".properties")) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return messages;
    }

    /** Server options as Keycloak hands them to a factory. */
    private static final class MapScope extends Config.AbstractScope {
        private final Map<String, String> options;

        MapScope(Map<String, String> options) {
            this.options = options;
        }

        @Override
        public String get(String key) {
            return options.get(key);
        }

        @Override
        public Config.Scope scope(String... scope) {
            return new MapScope(Map.of());
        }

        @Override
        public Set<String> getPropertyNames() {
            return options.keySet().stream().collect(Collectors.toSet());
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }
}
