package com.compromisedcredentials.support.net;

import java.net.URI;
import java.util.Locale;

/**
 * A URL as it may be shown, stored in a log or returned by the API: feeds and transmitters often carry an API key in
 * the query string or the user-info part, so the query becomes {@code ?...} and the user info, like the fragment,
 * is left out; scheme, host, port and path stay ({@code https://feeds.example.com/drop.txt?...}).
 */
public final class MaskedUrl {

    /** What a masked query string reads; a URL that carries it was copied from a masked display. */
    public static final String MASKED_QUERY = "...";

    private MaskedUrl() {
    }

    public static String of(URI uri) {
        if (uri == null) {
            return null;
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            return uri.getScheme() == null ? "..." : uri.getScheme().toLowerCase(Locale.ROOT) + ":...";
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + MASKED_QUERY);
    }
}
