package com.compromisedcredentials.signal;

import java.io.IOException;
import java.io.InputStream;

import com.compromisedcredentials.flag.FlagStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
 * needs (manage-users to write, view-users to read).
 */
public class CompromisedCredentialsResource {

    private static final Logger LOG = Logger.getLogger(CompromisedCredentialsResource.class);

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

    @POST
    @Path("signals")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submitSignals(InputStream body) {
        requireManageUsers();
        SignalRequest request = parse(body);
        UserModel admin = auth.adminAuth().getUser();
        SignalIntake.Actor actor = new SignalIntake.Actor(admin.getId(), admin.getUsername());

        SignalIntake.Result result = new SignalIntake(store(), new KeycloakSubjectResolver(session, realm), realm.getId())
                .submit(request, actor);
        BatchSummary summary = BatchSummary.of(result.batch(), result.unmatchedSubjects());
        if (result.created()) {
            adminEvent.operation(OperationType.CREATE)
                    .resourcePath(session.getContext().getUri(), result.batch().id())
                    .representation(summary)
                    .success();
            LOG.infof("Batch %s in realm %s from source '%s' by %s: %s, %d received, %d newly flagged, %d already flagged, %d unmatched",
                    result.batch().id(), realm.getName(), request.source(), actor.name(), result.batch().state(),
                    summary.received(), summary.newlyFlagged(), summary.alreadyFlagged(), summary.unmatched());
        }
        return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK).entity(summary).build();
    }

    @GET
    @Path("users/{userId}/flag")
    @Produces(MediaType.APPLICATION_JSON)
    public FlagRepresentation getUserFlag(@PathParam("userId") String userId) {
        requireViewUsers();
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw ApiException.notFound("user_not_found", "No user with id '" + userId + "' in this realm.");
        }
        return store().findLatest(realm.getId(), user.getId()).map(FlagRepresentation::of)
                .orElseThrow(() -> ApiException.notFound("flag_not_found", "This user has never been flagged."));
    }

    private FlagStore store() {
        return session.getProvider(FlagStore.class);
    }

    private void requireManageUsers() {
        if (!auth.users().canManage()) {
            throw ApiException.forbidden("This needs the realm-management role manage-users.");
        }
    }

    private void requireViewUsers() {
        if (!auth.users().canView()) {
            throw ApiException.forbidden("This needs the realm-management role view-users.");
        }
    }

    private static SignalRequest parse(InputStream body) {
        try {
            return new SignalRequestParser().parse(readBounded(body));
        } catch (RequestRejected rejected) {
            throw ApiException.of(rejected);
        }
    }

    private static byte[] readBounded(InputStream body) {
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
