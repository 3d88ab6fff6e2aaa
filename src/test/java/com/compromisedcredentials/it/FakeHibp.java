package com.compromisedcredentials.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the HIBP Pwned Passwords range API, served from the test JVM on 127.0.0.1 (there is no
 * network here). The test server is started with its address as {@code hibp-base-url}. It answers in the
 * real format (padded, CRLF) for the passwords tests declare breached, and can be made to fail or hang.
 */
public final class FakeHibp {

    /** How the fake answers. */
    public enum Mode { UP, DOWN_500, HANGING }

    private static final FakeHibp INSTANCE = new FakeHibp();

    private final Map<String, Long> breached = new ConcurrentHashMap<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UP);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    public static synchronized FakeHibp instance() {
        if (INSTANCE.server == null) {
            INSTANCE.start();
        }
        return INSTANCE;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void breached(String password, long count) {
        breached.put(sha1(password), count);
    }

    public void mode(Mode newMode) {
        mode.set(newMode);
    }

    public int requests() {
        return requests.get();
    }

    private void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-hibp");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/range/", exchange -> {
            requests.incrementAndGet();
            String prefix = exchange.getRequestURI().getPath().substring("/range/".length()).toUpperCase();
            switch (mode.get()) {
                case DOWN_500 -> {
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                    return;
                }
                case HANGING -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                }
                default -> { }
            }
            StringBuilder body = new StringBuilder();
            breached.forEach((hash, count) -> {
                if (hash.startsWith(prefix)) {
                    body.append(hash.substring(5)).append(':').append(count).append("\r\n");
                }
            });
            body.append("0000000000000000000000000000000000A:0\r\n"); // padding, as with Add-Padding: true
            byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private static String sha1(String password) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
