package com.compromisedcredentials.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.compromisedcredentials.flag.Batch;
import com.compromisedcredentials.flag.BatchState;
import com.compromisedcredentials.flag.Flag;
import com.compromisedcredentials.flag.FlagState;
import com.compromisedcredentials.flag.FlagStore;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.intake.SignalIntake;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.intake.SignalService;
import com.compromisedcredentials.notify.Masking;
import com.compromisedcredentials.notify.Outbox;
import com.compromisedcredentials.support.net.ListSource;
import com.compromisedcredentials.loginsignal.LoginSignalsAdminResource;
import com.compromisedcredentials.policy.Enforcement;
import com.compromisedcredentials.policy.PolicySetting;
import com.compromisedcredentials.policy.RealmPolicy;
import com.compromisedcredentials.ssf.admin.TransmitterAdminResource;
import com.compromisedcredentials.support.web.ApiException;
import com.compromisedcredentials.support.web.ApiRequests;
import com.compromisedcredentials.support.web.DatabaseUnavailable;
import com.compromisedcredentials.support.web.IsoTime;
import com.compromisedcredentials.support.web.Page;
import com.compromisedcredentials.support.web.RequestRejected;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/compromised-credentials}: signal intake and flag management. Keycloak has
 * already authenticated the bearer token (401 otherwise); each method checks the realm-management role it
 * needs (manage-users to write, view-users to read). Every write is a Keycloak admin event. Refusals are
 * {@link ApiException}s with the codes listed in the README, and change nothing.
 */
public class CompromisedCredentialsResource {

    private static final Logger LOG = Logger.getLogger(CompromisedCredentialsResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public CompromisedCredentialsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    // ---- intake

    @POST
    @Path("signals")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submitSignals(InputStream body) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            SignalRequest request = ApiRequests.rejecting(() -> new SignalRequestParser().parse(readBounded(body)));
            SignalIntake.Result result = service().submit(request, actor());
            BatchSummary summary = summary(result.batch(), result.unmatchedSubjects());
            if (result.created()) {
                event(OperationType.CREATE, "batches/" + result.batch().id(), summary);
                LOG.infof("Batch %s in realm %s from source '%s' by %s: %s, %d received, %d newly flagged, %d suspected, %d already flagged, %d unmatched%s",
                        result.batch().id(), realm.getName(), request.source(), actor().name(), result.batch().state(),
                        summary.received(), summary.newlyFlagged(), result.batch().counts().suspected(), summary.alreadyFlagged(), summary.unmatched(),
                        result.batch().holdReason() == null ? "" : " (held: " + result.batch().holdReason() + ")");
            }
            return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK).entity(summary).build();
        });
    }

    // ---- batches

    @GET
    @Path("batches")
    @Produces(MediaType.APPLICATION_JSON)
    public List<BatchSummary> listBatches(@QueryParam("state") String state, @QueryParam("first") String first,
            @QueryParam("max") String max) {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            BatchState filter = state == null || state.isBlank() ? null : parseEnum(BatchState.class, "state", state);
            Page page = Page.of(first, max);
            String enforcement = Enforcement.of(realm).wireName();
            return store().listBatches(realm.getId(), filter, page.first(), page.max()).stream()
                    .map(b -> summary(b, null, enforcement)).toList();
        });
    }

    @GET
    @Path("batches/{batchId}")
    @Produces(MediaType.APPLICATION_JSON)
    public BatchSummary getBatch(@PathParam("batchId") String batchId) {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            Batch batch = store().findBatch(realm.getId(), batchId)
                    .orElseThrow(() -> ApiException.notFound("batch_not_found", "No batch '" + batchId + "' in this realm."));
            return summary(batch, store().unmatchedSubjects(batchId));
        });
    }

    @POST
    @Path("batches/{batchId}/approve")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public BatchSummary approve(@PathParam("batchId") String batchId, InputStream body) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            requireHumanDecider();
            Boolean canary = ApiRequests.rejecting(() -> optionalBoolean(readBounded(body), "canary"));
            SignalIntake.Result result = ApiRequests.rejecting(() -> service().approve(batchId, actor(), canary));
            BatchSummary summary = summary(result.batch(), result.unmatchedSubjects());
            event(OperationType.ACTION, "batches/" + batchId + "/approve", summary);
            LOG.infof("Held batch %s in realm %s approved by %s: %d newly flagged", batchId, realm.getName(), actor().name(),
                    summary.newlyFlagged());
            return summary;
        });
    }

    @POST
    @Path("batches/{batchId}/reject")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public BatchSummary reject(@PathParam("batchId") String batchId) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            requireHumanDecider();
            Batch batch = ApiRequests.rejecting(() -> service().reject(batchId, actor()));
            BatchSummary summary = summary(batch, null);
            event(OperationType.ACTION, "batches/" + batchId + "/reject", summary);
            LOG.infof("Held batch %s in realm %s rejected by %s", batchId, realm.getName(), actor().name());
            return summary;
        });
    }

    @POST
    @Path("batches/{batchId}/continue")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public BatchSummary continueStaged(@PathParam("batchId") String batchId) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            requireHumanDecider();
            SignalIntake.Result result = ApiRequests.rejecting(() -> service().continueStaged(batchId, actor()));
            BatchSummary summary = summary(result.batch(), result.unmatchedSubjects());
            event(OperationType.ACTION, "batches/" + batchId + "/continue", summary);
            LOG.infof("Staged batch %s in realm %s continued by %s: %d newly flagged in all", batchId, realm.getName(),
                    actor().name(), summary.newlyFlagged());
            return summary;
        });
    }

    @POST
    @Path("batches/{batchId}/drop-rest")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public BatchSummary dropRest(@PathParam("batchId") String batchId) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            requireHumanDecider();
            Batch batch = ApiRequests.rejecting(() -> service().dropRest(batchId, actor()));
            BatchSummary summary = summary(batch, null);
            event(OperationType.ACTION, "batches/" + batchId + "/drop-rest", summary);
            LOG.infof("Staged batch %s in realm %s: the rest dropped by %s", batchId, realm.getName(), actor().name());
            return summary;
        });
    }

    @POST
    @Path("batches/{batchId}/revert")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public RevertAnswer revert(@PathParam("batchId") String batchId, InputStream body) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            boolean notifyUsers = ApiRequests.rejecting(() -> notifyUsers(readBounded(body)));
            SignalService.Reverted reverted = ApiRequests.rejecting(() -> service().revert(batchId, actor(), notifyUsers));
            Batch batch = store().findBatch(realm.getId(), batchId).orElseThrow();
            RevertAnswer answer = new RevertAnswer(summary(batch, null), reverted.flags().size(), reverted.corrections());
            event(OperationType.ACTION, "batches/" + batchId + "/revert", answer);
            LOG.infof("Batch %s in realm %s reverted by %s: %d flags reverted", batchId, realm.getName(), actor().name(), reverted.flags().size());
            return answer;
        });
    }

    /** What a revert did: the batch as it is now, the flags it ended, the correction emails queued. */
    public record RevertAnswer(BatchSummary batch, int revertedFlags, int correctionEmails) {
    }

    /**
     * The realm's flags by state and by source, its batches by state, and its emails by state ({@code BOUNCED}: refused
     * for good by the SMTP server; {@code GET emails/bounced} lists them).
     */
    public record StatsAnswer(Map<FlagState, Long> flags, Map<String, Map<FlagState, Long>> flagsBySource,
            Map<BatchState, Long> batches, LeakCounts leakVerification, Map<Outbox.State, Long> emails) {
    }

    /** An email the SMTP server refused for good: to whom (a user, or an admin address, masked), what, when, the reply. */
    public record BounceAnswer(String userId, String username, String recipient, String kind, String createdAt, String reply) {
    }

    /**
     * Flags of leaked passwords: waiting (for the owner's next login, or, {@code awaitingGuard}, found current by the
     * immediate check and waiting for the blast-radius guard), confirmed, dismissed as not the current password.
     */
    public record LeakCounts(long suspected, long awaitingGuard, long confirmed, long dismissed) {
    }

    // ---- flags

    @GET
    @Path("flags")
    @Produces(MediaType.APPLICATION_JSON)
    public List<FlagRepresentation> listFlags(@QueryParam("state") String state, @QueryParam("first") String first,
            @QueryParam("max") String max) {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            FlagState filter = state == null || state.isBlank() ? null : parseEnum(FlagState.class, "state", state);
            Page page = Page.of(first, max);
            return store().listFlags(realm.getId(), filter, page.first(), page.max()).stream()
                    .map(f -> FlagRepresentation.of(f, username(f.userId()))).toList();
        });
    }

    @GET
    @Path("users/{userId}/flag")
    @Produces(MediaType.APPLICATION_JSON)
    public FlagRepresentation getUserFlag(@PathParam("userId") String userId) {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            UserModel user = user(userId);
            return store().findLatest(realm.getId(), user.getId()).map(f -> FlagRepresentation.of(f, user.getUsername()))
                    .orElseThrow(() -> ApiException.notFound("flag_not_found", "This user has never been flagged."));
        });
    }

    /**
     * Flags one user by hand, through the same batches and limits as any signal: 201 with the new flag, 200
     * with the existing active flag (the signal is added to its evidence), or 202 with the batch if it was held.
     */
    @PUT
    @Path("users/{userId}/flag")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response flagUser(@PathParam("userId") String userId, InputStream body) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            UserModel user = user(userId);
            SignalRequest request = ApiRequests.rejecting(() -> new SignalRequestParser().parseManualFlag(readBounded(body), user.getId()));
            SignalIntake.Result result = service().submit(request, actor());
            Batch batch = result.batch();
            event(OperationType.CREATE, "users/" + user.getId() + "/flag", summary(batch, result.unmatchedSubjects()));
            if (batch.state() == BatchState.HELD) {
                return Response.status(Response.Status.ACCEPTED).entity(summary(batch, result.unmatchedSubjects())).build();
            }
            if (batch.counts().excluded() > 0) {
                throw new ApiException(409, "user_excluded",
                        "This user is never flagged: a service account or a member of the policy's excluded group.");
            }
            Flag flag = store().findActive(realm.getId(), user.getId()).orElseThrow();
            return Response.status(batch.counts().newlyFlagged() > 0 ? Response.Status.CREATED : Response.Status.OK)
                    .entity(FlagRepresentation.of(flag, user.getUsername())).build();
        });
    }

    /** Dismisses the user's active flag: no reset is asked any more. */
    @DELETE
    @Path("users/{userId}/flag")
    @Produces(MediaType.APPLICATION_JSON)
    public FlagRepresentation dismiss(@PathParam("userId") String userId) {
        return DatabaseUnavailable.write(session, () -> {
            requireManageUsers();
            UserModel user = user(userId);
            Flag flag = service().dismiss(user.getId(), actor())
                    .orElseThrow(() -> ApiException.notFound("no_active_flag", "This user has no active flag."));
            FlagRepresentation answer = FlagRepresentation.of(flag, user.getUsername());
            event(OperationType.DELETE, "users/" + user.getId() + "/flag", answer);
            LOG.infof("Flag %s in realm %s dismissed by %s", flag.id(), realm.getName(), actor().name());
            return answer;
        });
    }

    // ---- overview

    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public StatsAnswer stats() {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            FlagStore.Stats stats = store().stats(realm.getId());
            FlagStore.Verifications leaks = store().verifications(realm.getId(), null);
            return new StatsAnswer(stats.flagsByState(), stats.flagsBySource(), stats.batchesByState(),
                    new LeakCounts(leaks.suspected(), leaks.matched(), leaks.confirmed(), leaks.dismissed()),
                    session.getProvider(Outbox.class).countByState(realm.getId()));
        });
    }

    /** The emails the SMTP server refused for good, newest first: who was never told. */
    @GET
    @Path("emails/bounced")
    @Produces(MediaType.APPLICATION_JSON)
    public List<BounceAnswer> bouncedEmails(@QueryParam("first") String first, @QueryParam("max") String max) {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            Page page = Page.of(first, max);
            return session.getProvider(Outbox.class).bounces(realm.getId(), page.first(), page.max()).stream()
                    .map(b -> new BounceAnswer(b.userId(), b.userId() == null ? null : username(b.userId()),
                            Masking.email(b.recipient()), b.kind().name(), IsoTime.of(b.createdAt()), b.reply()))
                    .toList();
        });
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> policy() {
        return DatabaseUnavailable.read(session, () -> {
            requireViewUsers();
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("enforcement", Enforcement.of(realm).wireName());
            policy.putAll(RealmPolicy.of(realm).effective());
            // list URLs may carry an API key in their query string: shown masked, like everywhere else
            String lists = PolicySetting.LOGIN_SIGNALS_ADDRESS_LISTS.key();
            policy.put(lists, ListSource.masked((String) policy.get(lists)));
            return policy;
        });
    }

    /** A batch's JSON form, with whether the realm enforces flags now. */
    private BatchSummary summary(Batch batch, List<Subject> unmatched) {
        return summary(batch, unmatched, Enforcement.of(realm).wireName());
    }

    /** With what became of its suspicions, if the batch applied any. */
    private BatchSummary summary(Batch batch, List<Subject> unmatched, String enforcement) {
        FlagStore.Verifications verifications = batch.counts().suspected() > 0 && batch.state() != BatchState.PREVIEW
                && batch.state() != BatchState.HELD && batch.state() != BatchState.REJECTED
                ? store().verifications(realm.getId(), batch.id()) : null;
        FlagStore.CanaryHealth health = batch.canary() != null && batch.state() != BatchState.PREVIEW
                ? store().canaryHealth(batch.id()) : null;
        return BatchSummary.of(batch, unmatched, enforcement, verifications, health);
    }

    // ---- Shared Signals transmitters

    /** The realm's login signals: counts, detections, address lists (view-users). */
    @Path("login-signals")
    public LoginSignalsAdminResource loginSignals() {
        requireViewUsers();
        return new LoginSignalsAdminResource(session, realm);
    }

    /** The realm's SSF transmitters (manage-realm to write, view-realm to read). */
    @Path("transmitters")
    public TransmitterAdminResource transmitters() {
        return new TransmitterAdminResource(session, realm, auth, adminEvent);
    }

    // ---- helpers

    private SignalService service() {
        return new SignalService(session, realm);
    }

    private void event(OperationType operation, String path, Object representation) {
        adminEvent.operation(operation).resourcePath("compromised-credentials", path).representation(representation).success();
    }

    private SignalIntake.Actor actor() {
        UserModel admin = auth.adminAuth().getUser();
        return new SignalIntake.Actor(admin.getId(), admin.getUsername());
    }

    private FlagStore store() {
        return session.getProvider(FlagStore.class);
    }

    private UserModel user(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw ApiException.notFound("user_not_found", "No user with id '" + userId + "' in this realm.");
        }
        return user;
    }

    private String username(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        return user == null ? null : user.getUsername();
    }

    private void requireManageUsers() {
        if (!auth.users().canManage()) {
            throw ApiException.forbidden("This needs the realm-management role manage-users.");
        }
    }

    /**
     * A held batch waits for a person's judgement: a service account (a client-credentials token, such as the feed
     * that submitted the batch) may hold {@code manage-users} but can never approve or reject one.
     */
    private void requireHumanDecider() {
        if (auth.adminAuth().getUser().getServiceAccountClientLink() != null) {
            throw ApiException.forbidden("approver_not_human",
                    "A held batch is approved or rejected by a person signed in as an admin, never by a service account.");
        }
    }

    private void requireViewUsers() {
        if (!auth.users().canView()) {
            throw ApiException.forbidden("This needs the realm-management role view-users.");
        }
    }

    private static boolean notifyUsers(byte[] body) {
        Boolean notify = optionalBoolean(body, "notifyUsers");
        return notify != null && notify;
    }

    /** The one optional boolean field {@code field} of a JSON object body (an empty body: absent), or null if absent. */
    private static Boolean optionalBoolean(byte[] body, String field) {
        if (body.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw RequestRejected.badRequest("invalid_json", "The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw RequestRejected.badRequest("invalid_json", "The request body must be a JSON object.");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals(field)) {
                throw RequestRejected.badRequest("invalid_request", "Unknown field '" + name + "'. Known fields: " + field + ".");
            }
        });
        JsonNode value = root.get(field);
        if (value != null && !value.isBoolean()) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' must be true or false.");
        }
        return value == null ? null : value.booleanValue();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_request", "Unknown " + field + " '" + value + "'. Use one of: "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + ".");
        }
    }

    private static byte[] readBounded(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(SignalRequestParser.MAX_BODY_BYTES + 1);
            if (bytes.length > SignalRequestParser.MAX_BODY_BYTES) {
                throw RequestRejected.tooLarge("request_too_large",
                        "The request body is larger than " + SignalRequestParser.MAX_BODY_BYTES + " bytes.");
            }
            return bytes;
        } catch (IOException e) {
            throw RequestRejected.badRequest("invalid_json", "The request body could not be read.");
        }
    }
}
