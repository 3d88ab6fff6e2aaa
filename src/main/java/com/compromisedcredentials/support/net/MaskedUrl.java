package com.compromisedcredentials.support.net;

import java.net.URI;

/**
 * A URL as it may be shown, stored in a log or returned by the API: feeds and transmitters often carry an API key in
 * the query string or the user-info part, so both are replaced by {@code ***}; scheme, host, port and path stay.
 */
public final class MaskedUrl {

    private MaskedUrl() {
    }

    public static String of(URI uri) {
        if (uri == null) {
            return null;
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            return uri.getScheme() == null ? "***" : uri.getScheme() + ":***";
        }
        StringBuilder shown = new StringBuilder();
        shown.append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            shown.append("***@");
        }
        shown.append(uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost());
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        shown.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            shown.append("?***");
        }
        if (uri.getRawFragment() != null) {
            shown.append("#***");
        }
        return shown.toString();
    }

    /** The same for a URL kept as text; text that is not a URL is hidden whole. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        try {
            return of(URI.create(url.trim()));
        } catch (IllegalArgumentException e) {
            return "***";
        }
    }
}
