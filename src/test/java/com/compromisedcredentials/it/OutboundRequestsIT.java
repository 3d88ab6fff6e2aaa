package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outbound requests cannot reach inside: the test server allows 127.0.0.1 (where the stand-ins run) and nothing else
 * inside the network, so a feed on 127.0.0.2, a loopback address too, is refused before any request is made, while
 * the same feed on 127.0.0.1 is read. A list's URL shows with its query string masked.
 */
@ExtendWith(KeycloakExtension.class)
class OutboundRequestsIT {

    private static final long WAIT_MILLIS = 45_000;

    private final AdminApi admin;

    OutboundRequestsIT(AdminApi admin) {
        this.admin = admin;
    }

    @Test
    void anAddressListOnALoopbackAddressThatIsNotAllowedIsNeverRequested() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer inside = feed("127.0.0.2", requests);
        HttpServer allowed = feed("127.0.0.1", new AtomicInteger());
        try {
            String refusedUrl = "http://127.0.0.2:" + inside.getAddress().getPort() + "/list.txt";
            String allowedUrl = "http://127.0.0.1:" + allowed.getAddress().getPort() + "/list.txt?key=s3cret-list-key";
            String realm = TestRealm.named("outbound").user("victim", "victim-Passw0rd").create(admin);
            admin.setPolicy(realm, Map.of("loginSignalsEnabled", "true", "loginSignalsAddressLists", refusedUrl + ", " + allowedUrl));

            JsonNode lists = await(() -> {
                JsonNode l = admin.get("/admin/realms/" + realm + "/compromised-credentials/login-signals/lists").json();
                return l.size() == 2 && !"pending".equals(l.get(0).get("state").asText())
                        && !"pending".equals(l.get(1).get("state").asText()) ? l : null;
            }, "both lists tried");

            JsonNode refused = lists.get(0).get("source").asText().contains("127.0.0.2") ? lists.get(0) : lists.get(1);
            JsonNode read = refused == lists.get(0) ? lists.get(1) : lists.get(0);
            assertEquals("failing", refused.get("state").asText(), lists.toString());
            assertTrue(refused.get("lastError").asText().contains("internal address"), lists.toString());
            assertEquals(0, refused.get("entries").asInt());
            assertEquals(0, requests.get(), "the feed on 127.0.0.2 was never asked");
            assertEquals("ok", read.get("state").asText(), lists.toString());
            assertEquals(1, read.get("entries").asInt());

            // the list's key never shows: not in the realm policy as the API gives it, nor in the lists' state
            JsonNode policy = admin.get("/admin/realms/" + realm + "/compromised-credentials/policy").json();
            assertEquals(refusedUrl + ", http://127.0.0.1:" + allowed.getAddress().getPort() + "/list.txt?...",
                    policy.get("loginSignalsAddressLists").asText());
            assertFalse(policy.toString().contains("s3cret") || lists.toString().contains("s3cret"), policy + " " + lists);
        } finally {
            inside.stop(0);
            allowed.stop(0);
        }
    }

    private static HttpServer feed(String address, AtomicInteger requests) throws java.io.IOException {
        HttpServer feed = HttpServer.create(new InetSocketAddress(address, 0), 0);
        feed.createContext("/list.txt", exchange -> {
            requests.incrementAndGet();
            byte[] body = "198.51.100.0/24\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        feed.start();
        return feed;
    }

    private static <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Waited " + WAIT_MILLIS / 1000 + " s for " + what);
    }
}
