package com.compromisedcredentials.loginsignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.compromisedcredentials.support.net.ListSource;
import com.sun.net.httpserver.HttpServer;
import com.compromisedcredentials.support.net.BoundedHttp;
import com.compromisedcredentials.support.net.OutboundAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressListFetcherTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("198.51.100.0/24\n");
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final BoundedHttp http = BoundedHttp.newClient(Duration.ofSeconds(2), OutboundAddresses.allowing("127.0.0.1"));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AddressListFetcher fetcher(Path directory) {
        return new AddressListFetcher(http, Duration.ofSeconds(1), 1024, 100, directory);
    }

    private ListSource url(String path) {
        return ListSource.parse("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void readsAListOverHttp() throws Exception {
        AddressListFetcher.Fetched fetched = fetcher(null).fetch(url("/list.txt"));
        assertEquals(1, fetched.ranges().size());
    }

    @Test
    void anErrorStatusAPageWithoutAddressesATimeoutOrTooMuchFail() {
        status.set(503);
        assertEquals("HTTP status 503", assertThrows(AddressListFetcher.Unavailable.class, () -> fetcher(null).fetch(url("/list.txt"))).getMessage());
        status.set(200);
        body.set("<html><body>Please sign in</body></html>");
        assertEquals("no address in the list, 1 lines that are not addresses",
                assertThrows(AddressListFetcher.Unavailable.class, () -> fetcher(null).fetch(url("/list.txt"))).getMessage(),
                "nothing the feed wrote is repeated");
        body.set("");
        assertThrows(AddressListFetcher.Unavailable.class, () -> fetcher(null).fetch(url("/slow")));
        body.set("192.0.2.1\n".repeat(200));
        assertThrows(AddressListFetcher.Unavailable.class, () -> fetcher(null).fetch(url("/list.txt")));
    }

    @Test
    void aListOnALoopbackAddressThatIsNotAllowedIsRefusedBeforeAnyRequest() {
        AddressListFetcher publicOnly = new AddressListFetcher(BoundedHttp.newClient(Duration.ofSeconds(2), OutboundAddresses.publicOnly()),
                Duration.ofSeconds(1), 1024, 100, null);
        AddressListFetcher.Unavailable e = assertThrows(AddressListFetcher.Unavailable.class, () -> publicOnly.fetch(url("/list.txt")));
        assertTrue(e.getMessage().contains("internal address"), e.getMessage());
    }

    @Test
    void anEmptyListIsAGoodList() throws Exception {
        body.set("# nothing listed today\n");
        assertTrue(fetcher(null).fetch(url("/list.txt")).ranges().isEmpty());
    }

    @Test
    void filesOnlyFromTheServersListFolder() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("exits.txt"), "203.0.113.200\n2001:db8::/32\n");
        Files.writeString(dir.resolve("secret.txt"), "203.0.113.1\n");
        assertEquals(2, fetcher(lists).fetch(ListSource.parse("file:" + lists.resolve("exits.txt"))).ranges().size());
        assertTrue(assertThrows(AddressListFetcher.Unavailable.class,
                () -> fetcher(lists).fetch(ListSource.parse("file:" + lists.resolve("../secret.txt")))).getMessage()
                .startsWith("not inside the server's list folder"));
        assertTrue(assertThrows(AddressListFetcher.Unavailable.class,
                () -> fetcher(null).fetch(ListSource.parse("file:" + lists.resolve("exits.txt")))).getMessage()
                .startsWith("file sources are off"));
        assertEquals("no such file", assertThrows(AddressListFetcher.Unavailable.class,
                () -> fetcher(lists).fetch(ListSource.parse("file:" + lists.resolve("gone.txt")))).getMessage());
    }
}
