package com.compromisedcredentials.support.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BoundedHttpTest {

    private static HttpServer server;
    private static final BoundedHttp HTTP = BoundedHttp.newClient(Duration.ofSeconds(2), OutboundAddresses.allowing("127.0.0.1"));

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/small", exchange -> {
            exchange.sendResponseHeaders(200, 5);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("hello".getBytes());
            }
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[100_000]);
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        server.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up, as it should
            }
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", "/small");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void readsAResponse() throws IOException {
        BoundedHttp.Response response = HTTP.exchange(get("/small"), 100, Duration.ofSeconds(2));
        assertEquals(200, response.status());
        assertArrayEquals("hello".getBytes(), response.body());
    }

    @Test
    void abandonsABodyOverTheCap() {
        IOException e = assertThrows(IOException.class, () -> HTTP.exchange(get("/big"), 10_000, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("larger than 10000"), e.getMessage());
    }

    @Test
    void aBodyDrippedSlowlyHitsTheDeadline() {
        long start = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> HTTP.exchange(get("/drip"), 10_000, Duration.ofMillis(700)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
    }

    @Test
    void redirectsAreNotFollowed() throws IOException {
        assertEquals(302, HTTP.exchange(get("/redirect"), 100, Duration.ofSeconds(2)).status());
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(Duration.ofSeconds(2)).GET().build();
    }
}
