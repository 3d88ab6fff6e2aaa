package com.compromisedcredentials.support.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ListSourceTest {

    @Test
    void httpsUrlsLoopbackHttpAndFiles() {
        List<ListSource> sources = ListSource.parseAll(" https://feeds.example.com/drop.txt?key=s3cret,\n"
                + "http://127.0.0.1:8099/list.txt file:/opt/keycloak/data/lists/tor.txt https://feeds.example.com/drop.txt?key=s3cret");
        assertEquals(3, sources.size(), "duplicates folded");
        assertEquals("https://feeds.example.com/drop.txt?...", sources.get(0).display(), "the key is never shown");
        assertEquals("http://127.0.0.1:8099/list.txt", sources.get(1).display());
        assertTrue(sources.get(2).isFile());
        assertEquals(Path.of("/opt/keycloak/data/lists/tor.txt"), sources.get(2).file());
        assertEquals(64, sources.get(0).hash().length());
    }

    @Test
    void plainHttpElsewhereAndOtherSchemesAreRefused() {
        assertNotNull(ListSource.problem("http://feeds.example.com/list.txt"));
        assertNotNull(ListSource.problem("ftp://feeds.example.com/list.txt"));
        assertNotNull(ListSource.problem("file:relative.txt"));
        assertNotNull(ListSource.problem("file://host/list.txt"));
        assertNotNull(ListSource.problem("just words"));
        assertNull(ListSource.problem(""));
        assertNull(ListSource.problem("http://localhost/list https://[2001:db8::1]/list"));
        assertTrue(ListSource.isLoopback("127.3.4.5"));
        assertTrue(ListSource.isLoopback("::1"));
        assertTrue(!ListSource.isLoopback("10.0.0.1"));
    }

    @Test
    void theSettingAsThePolicyShowsItHidesEveryQueryStringAndAMaskedUrlCannotBeStoredBack() {
        String setting = "https://feeds.example.com/drop.txt?key=s3cret, https://user:pw@lists.example.org:8443/a/b.txt file:/opt/lists/tor.txt";
        assertEquals("https://feeds.example.com/drop.txt?..., https://lists.example.org:8443/a/b.txt, /opt/lists/tor.txt",
                ListSource.masked(setting));
        assertEquals("", ListSource.masked(""));
        assertTrue(ListSource.problem("https://feeds.example.com/drop.txt?...").contains("enter the whole URL"));
    }
}
