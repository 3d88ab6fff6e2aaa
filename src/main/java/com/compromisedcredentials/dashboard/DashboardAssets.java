package com.compromisedcredentials.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's files, read once from the jar's {@code dashboard/} folder when the server starts. Only the
 * files listed here are ever served: the names in a request are looked up, never turned into paths.
 */
final class DashboardAssets {

    record Asset(byte[] bytes, String contentType, String etag) {
    }

    private static final Map<String, String> FILES = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8",
            "oidc.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "view.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final Map<String, Asset> assets;
    private final String indexTemplate;

    private DashboardAssets(Map<String, Asset> assets, String indexTemplate) {
        this.assets = assets;
        this.indexTemplate = indexTemplate;
    }

    static DashboardAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        FILES.forEach((name, type) -> {
            byte[] bytes = read(name);
            assets.put(name, new Asset(bytes, type, "\"" + sha256(bytes).substring(0, 20) + "\""));
        });
        return new DashboardAssets(Map.copyOf(assets), new String(read("index.html"), StandardCharsets.UTF_8));
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    String indexTemplate() {
        return indexTemplate;
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The extension jar lacks dashboard/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
