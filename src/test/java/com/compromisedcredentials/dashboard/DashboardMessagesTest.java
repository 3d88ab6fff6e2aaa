package com.compromisedcredentials.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.ReasonCategory;
import org.junit.jupiter.api.Test;

/** Every text the dashboard shows is a message key, present in English, German, French and Spanish. */
class DashboardMessagesTest {

    private static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");

    @Test
    void everyLanguageHasTheSameDashboardKeys() throws IOException {
        Set<String> english = dashboardKeys(messages("en"));
        for (String lang : LANGUAGES) {
            assertEquals(english, dashboardKeys(messages(lang)), "dashboard keys of messages_" + lang);
        }
    }

    @Test
    void everyKeyThePageAndItsScriptsUseExists() throws IOException {
        Properties english = messages("en");
        Set<String> used = new TreeSet<>();
        collect(used, resource("dashboard/index.html"), Pattern.compile("\\{\\{msg:([A-Za-z0-9_]+)}}"));
        for (String script : List.of("dashboard.js", "view.js", "oidc.js", "api.js")) {
            collect(used, resource("dashboard/" + script), Pattern.compile("\\bt\\('([A-Za-z0-9_-]+)'"));
        }
        // keys the scripts build from the API's values
        Arrays.stream(FlagState.values()).forEach(s -> used.add("ccDashState" + s.name()));
        Arrays.stream(FlagState.values()).forEach(s -> used.add("ccDashCountFlags" + s.name()));
        Arrays.stream(BatchState.values()).forEach(s -> used.add("ccDashState" + s.name()));
        Arrays.stream(ReasonCategory.values()).forEach(r -> used.add("ccDashReason_" + r.wireName()));
        List.of("queued", "sent", "off", "skipped").forEach(n -> used.add("ccDashNotification_" + n));
        assertTrue(used.size() > 60, "found the keys in use: " + used);
        Set<String> missing = used.stream().filter(k -> english.getProperty(k) == null).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "message keys used by the dashboard but missing from messages_en");
    }

    @Test
    void scriptsOnlyUseTheFormatTheyUnderstand() throws IOException {
        // the scripts replace {0}-style arguments and '' only; a choice or number format would show raw
        for (String lang : LANGUAGES) {
            Properties messages = messages(lang);
            for (String key : dashboardKeys(messages)) {
                String text = messages.getProperty(key);
                assertTrue(!text.matches(".*\\{\\d+,.*"), key + " in " + lang + " uses a MessageFormat sub-format: " + text);
                assertTrue(!text.replace("''", "").contains("'"), key + " in " + lang + " has a single quote (write '' for an apostrophe): " + text);
            }
        }
    }

    private static void collect(Set<String> into, String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static Set<String> dashboardKeys(Properties messages) {
        return messages.stringPropertyNames().stream()
                .filter(k -> k.startsWith(IndexPage.MESSAGE_PREFIX) || k.equals("compromised-credentials"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Properties messages(String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DashboardMessagesTest.class.getClassLoader()
                .getResourceAsStream("theme-resources/messages/messages_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    static String resource(String path) throws IOException {
        try (InputStream in = DashboardMessagesTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
