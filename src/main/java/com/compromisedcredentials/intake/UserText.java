package com.compromisedcredentials.intake;

import java.util.Optional;
import java.util.regex.Pattern;

import com.compromisedcredentials.support.web.RequestRejected;

/**
 * The rule for text that reaches users from a feed or a SET (a batch's {@code userMessage}, a SET's
 * {@code reason_user}): one paragraph without links. The email and the login page put it beside the extension's own
 * words, so a link in it (or a web address that mail clients turn into one) would be a phishing lure signed by the
 * identity provider, and a line break could fake a paragraph of ours. Refused: any line break ({@code \r}, {@code \n},
 * U+0085, U+2028, U+2029), anything with a URL scheme ({@code https://}, {@code mailto:} and the like), {@code www.}
 * and host names ending in a top-level domain ({@code example.com/reset}).
 */
public final class UserText {

    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");
    private static final Pattern LINK = Pattern.compile(
            "(?i)(\\b[a-z][a-z0-9+.-]*://|\\b(mailto|tel|sms|javascript|data):|\\bwww\\.|"
                    + "\\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.[a-z]{2,24}(?=[/:?#]|\\s|$|[.,;!)]))");

    private UserText() {
    }

    /** What breaks the rule ("a line break", "a link"), or empty if the text is one paragraph without links. */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (LINE_BREAK.matcher(text).find()) {
            return Optional.of("a line break");
        }
        if (LINK.matcher(text).find()) {
            return Optional.of("a link");
        }
        return Optional.empty();
    }

    /** Refuses text that breaks the rule with 400 {@code invalid_request} naming the field. */
    public static String require(String field, String text) {
        problem(text).ifPresent(problem -> {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field
                    + "' must be one paragraph without links (users read it beside our own words); it contains " + problem + ".");
        });
        return text;
    }
}
