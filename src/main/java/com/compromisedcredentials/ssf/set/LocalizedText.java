package com.compromisedcredentials.ssf.set;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A free-text member of an event, such as CAEP's {@code reason_admin} and {@code reason_user}, which a transmitter
 * sends either as a plain string or as a map from language tag to string ({@code {"en": "...", "de": "..."}}).
 *
 * <p>{@link #text()} is the default: the plain string, or the English entry ({@code en}, else the first
 * {@code en-*}), else the first entry in the order sent. The whole map is kept for {@link #forLanguage(String)}.
 * Text from a transmitter is untrusted: control characters other than line breaks become spaces, and each entry is
 * cut at {@value #MAX_LENGTH} characters.
 *
 * @param text       the default text
 * @param byLanguage language tag (as sent) → text; empty when a plain string was sent
 */
public record LocalizedText(String text, Map<String, String> byLanguage) {

    static final int MAX_LENGTH = 2000;
    static final int MAX_LANGUAGES = 50;

    public LocalizedText {
        Objects.requireNonNull(text, "text");
        byLanguage = Collections.unmodifiableMap(new LinkedHashMap<>(byLanguage));
    }

    /**
     * The text in this language (a tag such as {@code de} or {@code pt-BR}): an exact match of the tag, then of its
     * primary language, then the default.
     */
    public String forLanguage(String languageTag) {
        if (languageTag == null || byLanguage.isEmpty()) {
            return text;
        }
        String wanted = languageTag.replace('_', '-').toLowerCase(Locale.ROOT);
        String primary = wanted.contains("-") ? wanted.substring(0, wanted.indexOf('-')) : wanted;
        String primaryMatch = null;
        for (Map.Entry<String, String> entry : byLanguage.entrySet()) {
            String tag = entry.getKey().replace('_', '-').toLowerCase(Locale.ROOT);
            if (tag.equals(wanted)) {
                return entry.getValue();
            }
            if (primaryMatch == null && tag.equals(primary)) {
                primaryMatch = entry.getValue();
            }
        }
        return primaryMatch != null ? primaryMatch : text;
    }

    /**
     * Reads the member; null if absent, null or an empty map.
     *
     * @throws SetRejected {@code invalid_request} if it is neither a string nor an object of strings
     */
    static LocalizedText parse(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new LocalizedText(clean(node.asText()), Map.of());
        }
        if (!node.isObject()) {
            throw SetRejected.invalidRequest(where + " must be a string or an object mapping language tags to strings.");
        }
        if (node.size() > MAX_LANGUAGES) {
            throw SetRejected.invalidRequest(where + " has more than " + MAX_LANGUAGES + " languages.");
        }
        Map<String, String> byLanguage = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw SetRejected.invalidRequest(where + "." + entry.getKey() + " must be a string.");
            }
            byLanguage.put(clean(entry.getKey()), clean(entry.getValue().asText()));
        }
        if (byLanguage.isEmpty()) {
            return null;
        }
        return new LocalizedText(defaultText(byLanguage), byLanguage);
    }

    private static String defaultText(Map<String, String> byLanguage) {
        String english = null;
        for (Map.Entry<String, String> entry : byLanguage.entrySet()) {
            String tag = entry.getKey().toLowerCase(Locale.ROOT);
            if (tag.equals("en")) {
                return entry.getValue();
            }
            if (english == null && (tag.startsWith("en-") || tag.startsWith("en_"))) {
                english = entry.getValue();
            }
        }
        return english != null ? english : byLanguage.values().iterator().next();
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(c == '\n' || !Character.isISOControl(c) ? c : ' ');
        }
        return out.toString().strip();
    }
}
