package com.compromisedcredentials.loginsignal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.compromisedcredentials.support.web.DatabaseUnavailable;
import com.compromisedcredentials.support.web.IsoTime;
import com.compromisedcredentials.support.web.Page;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /admin/realms/{realm}/compromised-credentials/login-signals}: what login signals counted and detected in the
 * realm (cluster-wide, from the database), with this node's own queue figures; and the state of the realm's address
 * lists. Read-only; the caller has been checked for view-users. Times are ISO-8601 instants.
 */
public class LoginSignalsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;

    public LoginSignalsAdminResource(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> stats() {
        return DatabaseUnavailable.read(session, () -> {
            LoginSignalPolicy policy = LoginSignalPolicy.of(realm);
            long now = Time.currentTimeMillis();
            LoginSignalStore.Summary summary = store().summary(realm.getId(), now,
                    WindowAggregator.slice(now - policy.longestWindowMillis()));
            Map<String, Object> detections = new LinkedHashMap<>();
            summary.byKind().forEach((kind, k) -> detections.put(kind.wireName(), Map.of("detections", k.detections(),
                    "successfulLogins", k.successes(), "flagged", k.flagged(), "held", k.held(), "recorded", k.recorded())));
            LoginSignals.NodeStats node = LoginSignals.of(session).nodeStats();
            Map<String, Object> nodeMap = new LinkedHashMap<>();
            nodeMap.put("eventsSeen", node.seen());
            nodeMap.put("eventsDropped", node.dropped());
            nodeMap.put("eventsCounted", node.counted());
            nodeMap.put("queued", node.queued());
            nodeMap.put("queueCapacity", node.capacity());
            nodeMap.put("lastFlushAt", iso(node.lastFlushAt()));
            nodeMap.put("lastDetectionAt", iso(node.lastDetectionAt()));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("enabled", policy.enabled());
            answer.put("detections", detections);
            answer.put("activeDetections", summary.activeDetections());
            answer.put("window", Map.of("minutes", policy.longestWindowMillis() / 60_000, "addressBuckets", summary.bucketsWithFailures(),
                    "failedLogins", summary.failures()));
            answer.put("node", nodeMap);
            return answer;
        });
    }

    @GET
    @Path("detections")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> detections(@QueryParam("first") String first, @QueryParam("max") String max) {
        return DatabaseUnavailable.read(session, () -> {
            long now = Time.currentTimeMillis();
            Page page = Page.of(first, max);
            return store().listDetections(realm.getId(), page.first(), page.max())
                    .stream().map(d -> representation(d, now)).toList();
        });
    }

    @GET
    @Path("lists")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> lists() {
        return DatabaseUnavailable.read(session, () -> {
            Map<String, LoginSignalStore.StoredList> stored = store().lists(realm.getId()).stream()
                    .collect(Collectors.toMap(LoginSignalStore.StoredList::sourceHash, Function.identity()));
            return LoginSignalPolicy.of(realm).lists().stream().map(source -> {
                LoginSignalStore.StoredList list = stored.get(source.hash());
                Map<String, Object> rep = new LinkedHashMap<>();
                rep.put("source", source.display());
                rep.put("state", list == null ? "pending" : list.lastError() != null ? "failing" : "ok");
                rep.put("entries", list == null ? 0 : list.entries());
                if (list != null) {
                    rep.put("invalidLines", list.invalid());
                    rep.put("fetchedAt", list.fetchedAt() == null ? null : iso(list.fetchedAt()));
                    rep.put("lastAttemptAt", iso(list.lastAttemptAt()));
                    rep.put("lastError", list.lastError());
                }
                return rep;
            }).toList();
        });
    }

    private static Map<String, Object> representation(Detection d, long now) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", d.id());
        rep.put("kind", d.kind().wireName());
        rep.put(d.kind() == DetectionKind.LISTED_ADDRESS ? "address" : "addressBucket", d.bucket());
        if (d.listSource() != null) {
            rep.put("listSource", d.listSource());
            rep.put("listEntry", d.listEntry());
        }
        rep.put("onSuccess", d.onSuccess());
        rep.put("active", d.activeUntil() >= now);
        rep.put("detectedAt", iso(d.detectedAt()));
        rep.put("windowStart", iso(d.windowStart()));
        rep.put("lastSeenAt", iso(d.lastSeenAt()));
        rep.put("activeUntil", iso(d.activeUntil()));
        if (d.kind() != DetectionKind.LISTED_ADDRESS) {
            rep.put("usernames", d.usernames());
            rep.put("failedLogins", d.failures());
        }
        rep.put("successfulLogins", d.successes());
        rep.put("flagged", d.flagged());
        rep.put("held", d.held());
        rep.put("recorded", d.recorded());
        rep.put("lastBatchId", d.lastBatchId());
        return rep;
    }

    private LoginSignalStore store() {
        return session.getProvider(LoginSignalStore.class);
    }

    private static String iso(long millis) {
        return millis <= 0 ? null : IsoTime.of(millis);
    }

}
