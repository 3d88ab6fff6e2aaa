package com.compromisedcredentials.breach;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A stand-in for the HIBP range API on 127.0.0.1 that records what it was asked. */
final class RangeApiStub implements AutoCloseable {

    /** What one test wants the API to do with a request. */
    interface Behaviour {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** One request as the API saw it. */
    record Seen(String path, String padding, String userAgent) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = exchange -> respond(exchange, 404, "");

    RangeApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("Add-Padding"),
                    exchange.getRequestHeaders().getFirst("User-Agent")));
            try {
                behaviour.answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void behave(Behaviour b) {
        this.behaviour = b;
    }

    /** Serves {@code body} for every {@code /range/XXXXX}. */
    void serve(String body) {
        behave(exchange -> respond(exchange, 200, body));
    }

    List<Seen> seen() {
        return seen;
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
