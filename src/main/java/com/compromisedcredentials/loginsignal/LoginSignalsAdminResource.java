package com.compromisedcredentials.loginsignal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.compromisedcredentials.support.web.DatabaseUnavailable;
import com.compromisedcredentials.support.web.IsoTime;
import com.compromisedcredentials.support.web.Page;
import com.fasterxml.jackson.annotation.JsonInclude;
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
    public Stats stats() {
        return DatabaseUnavailable.read(session, () -> {
            LoginSignalPolicy policy = LoginSignalPolicy.of(realm);
            long now = Time.currentTimeMillis();
            LoginSignalStore.Summary summary = store().summary(realm.getId(), now,
                    WindowAggregator.slice(now - policy.longestWindowMillis()));
            Map<String, KindCounts> detections = new LinkedHashMap<>();
            summary.byKind().forEach((kind, k) -> detections.put(kind.wireName(),
                    new KindCounts(k.detections(), k.successes(), k.flagged(), k.held(), k.recorded())));
            LoginSignals.NodeStats node = LoginSignals.of(session).nodeStats();
            return new Stats(policy.enabled(), detections, summary.activeDetections(),
                    new Window(policy.longestWindowMillis() / 60_000, summary.bucketsWithFailures(), summary.failures()),
                    new Node(node.seen(), node.dropped(), node.counted(), node.queued(), node.capacity(), iso(node.lastFlushAt()),
                            iso(node.lastDetectionAt())));
        });
    }

    @GET
    @Path("detections")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DetectionRepresentation> detections(@QueryParam("first") String first, @QueryParam("max") String max) {
        return DatabaseUnavailable.read(session, () -> {
            long now = Time.currentTimeMillis();
            Page page = Page.of(first, max);
            return store().listDetections(realm.getId(), page.first(), page.max())
                    .stream().map(d -> DetectionRepresentation.of(d, now)).toList();
        });
    }

    @GET
    @Path("lists")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ListRepresentation> lists() {
        return DatabaseUnavailable.read(session, () -> {
            Map<String, LoginSignalStore.StoredList> stored = store().lists(realm.getId()).stream()
                    .collect(Collectors.toMap(LoginSignalStore.StoredList::sourceHash, Function.identity()));
            return LoginSignalPolicy.of(realm).lists().stream()
                    .map(source -> ListRepresentation.of(source.display(), stored.get(source.hash()))).toList();
        });
    }

    /** {@code GET stats}: counts cluster-wide, and this node's queue. */
    public record Stats(boolean enabled, Map<String, KindCounts> detections, long activeDetections, Window window, Node node) {
    }

    /** Detections of one kind and what they led to. */
    public record KindCounts(long detections, long successfulLogins, long flagged, long held, long recorded) {
    }

    /** The longest detection window of the realm's policy and what it holds now. */
    public record Window(long minutes, long addressBuckets, long failedLogins) {
    }

    /** This node's queue: logins seen, dropped (queue full), counted, waiting. */
    public record Node(long eventsSeen, long eventsDropped, long eventsCounted, int queued, int queueCapacity, String lastFlushAt,
            String lastDetectionAt) {
    }

    /**
     * One detection. A listed address is shown as {@code address} with the list that named it; an attack from an
     * address bucket as {@code addressBucket} with its usernames and failed logins.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DetectionRepresentation(String id, String kind, String address, String addressBucket, String listSource,
            String listEntry, String onSuccess, boolean active, String detectedAt, String windowStart, String lastSeenAt,
            String activeUntil, Long usernames, Long failedLogins, long successfulLogins, long flagged, long held, long recorded,
            @JsonInclude(JsonInclude.Include.ALWAYS) String lastBatchId) {

        static DetectionRepresentation of(Detection d, long now) {
            boolean listed = d.kind() == DetectionKind.LISTED_ADDRESS;
            return new DetectionRepresentation(d.id(), d.kind().wireName(), listed ? d.bucket() : null, listed ? null : d.bucket(),
                    d.listSource(), d.listSource() == null ? null : d.listEntry(), d.onSuccess(), d.activeUntil() >= now,
                    iso(d.detectedAt()), iso(d.windowStart()), iso(d.lastSeenAt()), iso(d.activeUntil()),
                    listed ? null : d.usernames(), listed ? null : d.failures(), d.successes(), d.flagged(), d.held(), d.recorded(),
                    d.lastBatchId());
        }
    }

    /** One address list of the policy: {@code pending} until first read, then {@code ok} or {@code failing} and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListRepresentation(String source, String state, int entries, Integer invalidLines, String fetchedAt,
            String lastAttemptAt, String lastError) {

        static ListRepresentation of(String source, LoginSignalStore.StoredList list) {
            if (list == null) {
                return new ListRepresentation(source, "pending", 0, null, null, null, null);
            }
            return new ListRepresentation(source, list.lastError() != null ? "failing" : "ok", list.entries(), list.invalid(),
                    list.fetchedAt() == null ? null : iso(list.fetchedAt()), iso(list.lastAttemptAt()), list.lastError());
        }
    }

    private LoginSignalStore store() {
        return session.getProvider(LoginSignalStore.class);
    }

    private static String iso(long millis) {
        return millis <= 0 ? null : IsoTime.of(millis);
    }

}
