package com.compromisedcredentials.support.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a threat-intel address list comes from: an {@code https} URL (plain {@code http} only to a loopback
 * address), or a file on the server ({@code file:/path}, which must lie in the folder the server option
 * {@code login-signals-list-directory} names). The realm setting names several, separated by commas or white space.
 */
public record ListSource(String raw, URI uri, Path file) {

    /** The sources named by a setting, in order, without duplicates. */
    public static List<ListSource> parseAll(String setting) {
        Set<ListSource> sources = new LinkedHashSet<>();
        if (setting != null) {
            for (String token : setting.trim().split("[\\s,]+")) {
                if (!token.isEmpty()) {
                    sources.add(parse(token));
                }
            }
        }
        return List.copyOf(sources);
    }

    /** Why a setting's sources are not acceptable, or null. */
    public static String problem(String setting) {
        try {
            parseAll(setting);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public static ListSource parse(String token) {
        URI uri;
        try {
            uri = new URI(token);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("loginSignalsAddressLists: '" + shorten(token) + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            if (uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                throw new IllegalArgumentException("loginSignalsAddressLists: a file source is file:/absolute/path");
            }
            return new ListSource(token, null, Path.of(uri.getPath()).normalize());
        }
        if (MaskedUrl.MASKED_QUERY.equals(uri.getRawQuery())) {
            throw new IllegalArgumentException("loginSignalsAddressLists: '" + shorten(token) + "' is a URL as it is shown, "
                    + "with its query string hidden; enter the whole URL");
        }
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw new IllegalArgumentException("loginSignalsAddressLists: '" + shorten(token)
                    + "' must be an https URL (plain http only to a loopback address) or file:/path");
        }
        return new ListSource(token, uri, null);
    }

    /** localhost or a loopback IP literal; never resolves a name. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        return ClientAddress.parse(h).map(a -> a.isV4() ? (a.lo() >>> 24) == 127 : a.hi() == 0 && a.lo() == 1).orElse(false);
    }

    public boolean isFile() {
        return file != null;
    }

    /** The source as logs, evidence and the admin API show it: no query string or user info, which may hold a key. */
    public String display() {
        return file != null ? file.toString() : MaskedUrl.of(uri);
    }

    /**
     * A setting as {@code GET /policy} and the dashboard show it: each source {@linkplain #display() displayed}, so
     * that a list's API key is never shown. A setting that does not parse is shown as its sources' count only.
     */
    public static String masked(String setting) {
        try {
            return String.join(", ", parseAll(setting).stream().map(ListSource::display).toList());
        } catch (IllegalArgumentException e) {
            return "(not valid: stored value hidden)";
        }
    }

    /** A fixed-length key of the source, for the database. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    @Override
    public String toString() {
        return display();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListSource other && other.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }
}
