package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.StoredTransmitter;
import com.compromisedcredentials.ssf.TransmitterStore;
import com.compromisedcredentials.ssf.set.CompromiseEventMapper;
import com.compromisedcredentials.ssf.set.CompromiseSignal;
import com.compromisedcredentials.ssf.set.KeysUnavailable;
import com.compromisedcredentials.ssf.set.SecurityEvent;
import com.compromisedcredentials.ssf.set.SetError;
import com.compromisedcredentials.ssf.set.SetRejected;
import com.compromisedcredentials.ssf.set.SetVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.compromisedcredentials.support.web.ApiException;
import com.compromisedcredentials.support.web.DatabaseUnavailable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.urls.UrlType;

/**
 * {@code /realms/{realm}/compromised-credentials-ssf}: the push endpoint of RFC 8935,
 * {@code POST transmitters/{id}/events} with one SET as {@code application/secevent+jwt}. No Keycloak token here:
 * the transmitter proves itself by its signature and, if configured, its bearer token.
 *
 * <p>Answers {@code 202} with no body when the SET is accepted, whether or not its subject is an account of the realm
 * (so nobody learns which accounts exist); {@code 400}/{@code 401}/{@code 403} with the RFC's
 * {@code {"err", "description"}} when it is refused, in which case nothing is stored; {@code 404} for an unknown
 * transmitter; {@code 503} when the transmitter's keys cannot be fetched (deliver it again later).
 */
public class SsfPushResource {

    public static final String SECEVENT_JWT = "application/secevent+jwt";
    private static final Logger LOG = Logger.getLogger(SsfPushResource.class);

    private final KeycloakSession session;
    private final SsfReceiver receiver;

    SsfPushResource(KeycloakSession session, SsfReceiver receiver) {
        this.session = session;
        this.receiver = receiver;
    }

    @POST
    @Path("transmitters/{id}/events")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        try {
            return DatabaseUnavailable.write(session, () -> receive(id, authorization, contentType, body, session.getContext().getRealm()));
        } catch (ApiException e) {
            if (!e.error().equals(DatabaseUnavailable.ERROR)) {
                throw e;
            }
            // RFC 8935 leaves 5xx to HTTP: the transmitter delivers the SET again later
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS)).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("description", "The receiver's database could not be reached; deliver this SET again later.")).build();
        }
    }

    private Response receive(String id, String authorization, String contentType, InputStream body, RealmModel realm) {
        Optional<StoredTransmitter> found = store().find(realm.getId(), id);
        if (found.isEmpty()) {
            session.getTransactionManager().setRollbackOnly();
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("err", SetError.INVALID_REQUEST.code(), "description", "No such transmitter in this realm.")).build();
        }
        StoredTransmitter transmitter = found.get();
        try {
            if (!transmitter.enabled()) {
                throw new SetRejected(SetError.ACCESS_DENIED, "This transmitter is disabled.");
            }
            PushAuthorization.check(transmitter.config(), authorization);
            if (!isSecEventJwt(contentType)) {
                throw new SetRejected(SetError.INVALID_REQUEST, "The Content-Type must be " + SECEVENT_JWT + ".");
            }
            SecurityEvent set = receiver.verifier(transmitter).verify(read(body));
            List<CompromiseSignal> signals = new CompromiseEventMapper().map(set);
            SetIntake.Result result = new SetIntake(session, realm, receiver.phoneAttribute())
                    .accept(transmitter, set, signals, DeliveryMethod.PUSH, realmIssuer(realm));
            if (result.duplicate()) {
                throw new SetRejected(SetError.INVALID_REQUEST, "A SET with this jti has already been received.");
            }
            // RFC 8935: 202 with no body; Keycloak's security headers want that said explicitly
            session.getProvider(SecurityHeadersProvider.class).options().allowEmptyContentType();
            return Response.accepted().build();
        } catch (SetRejected rejected) {
            session.getTransactionManager().setRollbackOnly();
            LOG.infof("SET pushed by transmitter %s in realm %s refused: %s (%s)", transmitter.id(), realm.getName(),
                    rejected.code(), rejected.description());
            return Response.status(rejected.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(rejected.body()).build();
        } catch (KeysUnavailable unavailable) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("SET pushed by transmitter %s in realm %s not processed: %s", transmitter.id(), realm.getName(),
                    unavailable.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "60")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("description", "The transmitter's keys could not be fetched; deliver this SET again later."))
                    .build();
        }
    }

    static boolean isSecEventJwt(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals(SECEVENT_JWT);
    }

    /** The body as text, cut one character past the longest SET accepted, so that the verifier refuses it. */
    private static String read(InputStream body) {
        if (body == null) {
            return "";
        }
        try (InputStream in = body) {
            return new String(in.readNBytes(SetVerifier.MAX_SET_LENGTH + 1), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SetRejected(SetError.INVALID_REQUEST, "The request body could not be read.");
        }
    }

    private String realmIssuer(RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri(UrlType.FRONTEND).getBaseUri(), realm.getName());
    }

    private TransmitterStore store() {
        return session.getProvider(TransmitterStore.class);
    }
}
