package com.compromisedcredentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Upgrades keep data only if a released Liquibase changeset is never edited: Liquibase refuses to start on a
 * database whose recorded checksum differs, and a silent edit would leave old and new installations with different
 * schemas. Every changelog file of a release is listed with its SHA-256 in
 * {@code src/test/resources/released-changelogs.sha256}; a change to the schema is a new dated file, included by
 * the master changelog, and listed there when it is released.
 */
class ReleasedChangelogsTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path MASTER = RESOURCES.resolve("META-INF/compromised-credentials-changelog.xml");

    @Test
    void releasedChangelogsAreUnchanged() throws IOException {
        Map<String, String> released = released();
        assertFalse(released.isEmpty(), "no released changelog is listed");
        for (Map.Entry<String, String> file : released.entrySet()) {
            Path path = RESOURCES.resolve(file.getKey());
            assertTrue(Files.exists(path), "a released changelog was removed: " + file.getKey());
            assertEquals(file.getValue(), sha256(path), "a released changelog was edited: " + file.getKey()
                    + " (add a new dated file instead)");
        }
    }

    @Test
    void theMasterChangelogIncludesEveryReleasedFileInOrder() throws IOException {
        String master = Files.readString(MASTER);
        int last = -1;
        for (String file : released().keySet()) {
            int at = master.indexOf("\"" + file + "\"");
            assertTrue(at >= 0, "the master changelog no longer includes " + file);
            assertTrue(at > last, "released changelogs must stay in their order: " + file);
            last = at;
        }
    }

    private static Map<String, String> released() throws IOException {
        Map<String, String> released = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/released-changelogs.sha256"));
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 2);
            released.put(parts[1], parts[0]);
        }
        return released;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
