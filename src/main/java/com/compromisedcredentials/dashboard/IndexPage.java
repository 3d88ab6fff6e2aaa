package com.compromisedcredentials.dashboard;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard's HTML page: {@code index.html} with its {@code {{...}}} placeholders filled in:
 * {@code {{lang}}}, {@code {{msg:key}}} (a message, HTML-escaped), {@code {{config}}} and {@code {{messages}}}
 * (JSON for the scripts, inside {@code <script type="application/json">}, which the browser never runs).
 */
final class IndexPage {

    /** The message keys the dashboard uses all start with this. */
    static final String MESSAGE_PREFIX = "ccDash";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(msg:)?([A-Za-z0-9_]+)}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexPage() {
    }

    static String render(String template, Locale locale, Properties allMessages, Map<String, Object> config) {
        Map<String, String> messages = new TreeMap<>();
        allMessages.stringPropertyNames().stream().filter(k -> k.startsWith(MESSAGE_PREFIX))
                .forEach(k -> messages.put(k, allMessages.getProperty(k)));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 8192);
        while (m.find()) {
            String name = m.group(2);
            String value;
            if (m.group(1) != null) {
                String text = messages.get(name);
                if (text == null) {
                    throw new IllegalStateException("index.html uses the unknown message " + name);
                }
                value = escapeHtml(new MessageFormat(text, locale).format(new Object[0]));
            } else {
                value = switch (name) {
                    case "lang" -> escapeHtml(locale.toLanguageTag());
                    case "config" -> scriptJson(config);
                    case "messages" -> scriptJson(messages);
                    default -> throw new IllegalStateException("index.html uses the unknown placeholder " + name);
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON that cannot end the script element it sits in, nor open a comment or markup there. */
    static String scriptJson(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
