package com.compromisedcredentials.ssf.admin;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.ReceivedSet;
import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.TransmitterStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.compromisedcredentials.ProviderIds;
import com.compromisedcredentials.support.web.ApiException;
import com.compromisedcredentials.support.web.ApiRequests;
import com.compromisedcredentials.support.web.DatabaseUnavailable;
import com.compromisedcredentials.support.web.IsoTime;
import com.compromisedcredentials.support.web.Page;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.urls.UrlType;

/**
 * {@code /admin/realms/{realm}/compromised-credentials/transmitters}: the realm's Shared Signals transmitters.
 * Registering one lets it flag the realm's accounts and makes Keycloak fetch its URLs, so writes need the
 * realm-management role {@code manage-realm} and reads {@code view-realm}. Bearer tokens are accepted, never shown.
 * Every write is an admin event.
 */
public class TransmitterAdminResource {

    private static final Logger LOG = Logger.getLogger(TransmitterAdminResource.class);
    private static final TransmitterConfigParser PARSER = new TransmitterConfigParser();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public TransmitterAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ObjectNode> list() {
        return DatabaseUnavailable.read(session, () -> {
            requireView();
            return store().list(realm.getId()).stream().map(this::representation).toList();
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        return DatabaseUnavailable.write(session, () -> {
            requireManage();
            TransmitterRequest.Parsed request = ApiRequests.rejecting(() -> TransmitterRequest.parse(read(body), null));
            if (store().findByIssuer(realm.getId(), request.config().issuer()).isPresent()) {
                throw new ApiException(409, "transmitter_exists", "A transmitter with this issuer is already registered in this realm.");
            }
            StoredTransmitter created = store().create(realm.getId(),
                    new TransmitterStore.Draft(request.config(), request.enabled(), realmIssuer()), auth.adminAuth().getUser().getUsername());
            ObjectNode answer = representation(created);
            event(OperationType.CREATE, created.id(), answer);
            LOG.infof("Transmitter %s (%s, %s) registered in realm %s by %s", created.id(), created.config().issuer(),
                    created.config().delivery().wireName(), realm.getName(), auth.adminAuth().getUser().getUsername());
            return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(created.id()).build()).entity(answer).build();
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode get(@PathParam("id") String id) {
        return DatabaseUnavailable.read(session, () -> {
            requireView();
            return representation(find(id));
        });
    }

    /** Replaces the configuration; bearer tokens left out are kept (see {@link TransmitterRequest}). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode update(@PathParam("id") String id, InputStream body) {
        return DatabaseUnavailable.write(session, () -> {
            requireManage();
            StoredTransmitter existing = find(id);
            TransmitterRequest.Parsed request = ApiRequests.rejecting(() -> TransmitterRequest.parse(read(body), existing.config()));
            store().findByIssuer(realm.getId(), request.config().issuer())
                    .filter(other -> !other.id().equals(id))
                    .ifPresent(other -> {
                        throw new ApiException(409, "transmitter_exists", "Another transmitter with this issuer is registered in this realm.");
                    });
            StoredTransmitter updated = store().update(realm.getId(), id,
                    new TransmitterStore.Draft(request.config(), request.enabled(), realmIssuer())).orElseThrow();
            ObjectNode answer = representation(updated);
            event(OperationType.UPDATE, id, answer);
            LOG.infof("Transmitter %s in realm %s updated by %s", id, realm.getName(), auth.adminAuth().getUser().getUsername());
            return answer;
        });
    }

    /** Removes the transmitter. Receipts of its SETs stay until they expire, so none can be replayed to a successor. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return DatabaseUnavailable.write(session, () -> {
            requireManage();
            StoredTransmitter existing = find(id);
            store().delete(realm.getId(), id);
            event(OperationType.DELETE, id, representation(existing));
            LOG.infof("Transmitter %s in realm %s deleted by %s", id, realm.getName(), auth.adminAuth().getUser().getUsername());
            return Response.noContent().build();
        });
    }

    /** The receipts of the SETs accepted from this transmitter, newest first, while they are kept. */
    @GET
    @Path("{id}/received")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Receipt> received(@PathParam("id") String id, @QueryParam("first") String first,
            @QueryParam("max") String max) {
        return DatabaseUnavailable.read(session, () -> {
            requireView();
            find(id);
            Page page = Page.of(first, max);
            return store().listReceived(realm.getId(), id, page.first(), page.max()).stream()
                    .map(Receipt::of).toList();
        });
    }

    // ---- representations

    private ObjectNode representation(StoredTransmitter transmitter) {
        ObjectNode node = PARSER.toJson(transmitter.config(), false);
        ObjectNode answer = node.objectNode();
        answer.put("id", transmitter.id());
        answer.put("enabled", transmitter.enabled());
        answer.setAll(node);
        if (transmitter.config().delivery() == DeliveryMethod.PUSH) {
            answer.put("pushEndpoint", pushEndpoint(transmitter.id()));
            answer.put("pushBearerTokenSet", transmitter.config().pushBearerToken() != null);
        } else {
            answer.put("pollBearerTokenSet", transmitter.config().pollBearerToken() != null);
        }
        answer.put("createdAt", iso(transmitter.createdAt()));
        if (transmitter.createdBy() != null) {
            answer.put("createdBy", transmitter.createdBy());
        }
        answer.put("updatedAt", iso(transmitter.updatedAt()));
        putIso(answer, "lastReceivedAt", transmitter.lastReceivedAt());
        putIso(answer, "lastPollAt", transmitter.lastPollAt());
        if (transmitter.lastPollError() != null) {
            answer.put("lastPollError", transmitter.lastPollError());
        }
        return answer;
    }

    /** The receipt of one accepted SET: which, how it came, what it led to, and until when it is kept. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Receipt(String jti, String delivery, String outcome, String batchId, List<String> events, String receivedAt,
            String keptUntil) {

        static Receipt of(ReceivedSet received) {
            return new Receipt(received.jti(), received.delivery().wireName(), received.outcome().wireName(), received.batchId(),
                    received.events() == null || received.events().isEmpty() ? List.of() : List.of(received.events().split(",")),
                    iso(received.receivedAt()), iso(received.expiresAt()));
        }
    }

    private String pushEndpoint(String id) {
        return session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder().path("realms").path(realm.getName())
                .path(ProviderIds.SSF_RECEIVER).path("transmitters").path(id).path("events").build().toString();
    }

    private String realmIssuer() {
        return Urls.realmIssuer(session.getContext().getUri(UrlType.FRONTEND).getBaseUri(), realm.getName());
    }

    private static void putIso(ObjectNode node, String field, Long millis) {
        if (millis != null) {
            node.put(field, iso(millis));
        }
    }

    private static String iso(long millis) {
        return IsoTime.of(millis);
    }

    // ---- helpers

    private StoredTransmitter find(String id) {
        return store().find(realm.getId(), id)
                .orElseThrow(() -> ApiException.notFound("transmitter_not_found", "No transmitter '" + id + "' in this realm."));
    }

    private void event(OperationType operation, String id, Object representation) {
        adminEvent.operation(operation).resourcePath("compromised-credentials", "transmitters", id)
                .representation(representation).success();
    }

    private void requireManage() {
        if (!auth.realm().canManageRealm()) {
            throw ApiException.forbidden("This needs the realm-management role manage-realm.");
        }
    }

    private void requireView() {
        if (!auth.realm().canViewRealm()) {
            throw ApiException.forbidden("This needs the realm-management role view-realm.");
        }
    }

    private TransmitterStore store() {
        return session.getProvider(TransmitterStore.class);
    }

    private static byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body) {
            return in.readNBytes(TransmitterConfigParser.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "The request body could not be read.");
        }
    }

}
