package com.compromisedcredentials.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class IndexPageTest {

    @Test
    void fillsMessagesLanguageAndConfigurationIntoThePage() throws Exception {
        Properties german = DashboardMessagesTest.messages("de");
        String html = IndexPage.render(DashboardMessagesTest.resource("dashboard/index.html"), Locale.GERMAN, german,
                Map.of("realm", "demo"));
        assertTrue(html.contains("<html lang=\"de\">"), html);
        assertTrue(html.contains("<title>Kompromittierte Zugangsdaten</title>"), html);
        assertTrue(html.contains("{\"realm\":\"demo\"}"), html);
        assertFalse(html.contains("{{"), "every placeholder is filled");
        assertFalse(html.contains("''"), "apostrophes are unescaped as MessageFormat does");
    }

    @Test
    void aRealmNameCannotBreakOutOfItsScriptElement() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("realmDisplayName", "</script><script>alert(1)</script><!--");
        String html = IndexPage.render("<script type=\"application/json\">{{config}}</script>", Locale.ENGLISH, new Properties(), config);
        String inside = html.substring("<script type=\"application/json\">".length(), html.length() - "</script>".length());
        assertFalse(inside.contains("<") || inside.contains(">"), "no markup inside the element: " + html);
        assertTrue(html.contains("\\u003c/script\\u003e"), html);
    }

    @Test
    void messagesAreEscapedAsHtml() {
        Properties messages = new Properties();
        messages.setProperty("ccDashX", "<b>bold</b> & \"quoted\"");
        String html = IndexPage.render("<p>{{msg:ccDashX}}</p>", Locale.ENGLISH, messages, Map.of());
        assertTrue(html.equals("<p>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</p>"), html);
    }

    @Test
    void anUnknownPlaceholderOrMessageFailsLoudly() {
        assertThrows(IllegalStateException.class, () -> IndexPage.render("{{nope}}", Locale.ENGLISH, new Properties(), Map.of()));
        assertThrows(IllegalStateException.class, () -> IndexPage.render("{{msg:ccDashNope}}", Locale.ENGLISH, new Properties(), Map.of()));
    }
}
