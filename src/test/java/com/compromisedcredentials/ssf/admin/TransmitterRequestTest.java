package com.compromisedcredentials.ssf.admin;

import com.compromisedcredentials.ssf.TransmitterConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.compromisedcredentials.support.web.RequestRejected;
import org.junit.jupiter.api.Test;

class TransmitterRequestTest {

    private static final String PUSH = """
            {"issuer":"https://tx.example.com","jwksUri":"https://tx.example.com/jwks.json",
             "audience":"https://idp.example.com/realms/acme","delivery":"push","pushBearerToken":"push-token-0123456789"}""";

    @Test
    void aConfigurationIsEnabledUnlessSaidOtherwise() {
        TransmitterRequest.Parsed parsed = parse(PUSH, null);
        assertTrue(parsed.enabled());
        assertEquals("push-token-0123456789", parsed.config().pushBearerToken());
        assertFalse(parse(PUSH.replace("{", "{\"enabled\":false,"), null).enabled());
    }

    @Test
    void whatGetShowsCanBeSentBackAndKeepsTheStoredToken() {
        TransmitterConfig stored = parse(PUSH, null).config();
        String shown = """
                {"id":"6f1c","enabled":true,"issuer":"https://tx.example.com","jwksUri":"https://tx.example.com/jwks.json",
                 "audience":"https://idp.example.com/realms/other","delivery":"push","clockSkewSeconds":60,"maxTokenAgeSeconds":604800,
                 "pushEndpoint":"https://idp/realms/acme/compromised-credentials-ssf/transmitters/6f1c/events","pushBearerTokenSet":true,
                 "createdAt":"2026-11-26T00:00:00Z","createdBy":"admin","updatedAt":"2026-11-26T00:00:00Z"}""";
        TransmitterRequest.Parsed parsed = parse(shown, stored);
        assertEquals("https://idp.example.com/realms/other", parsed.config().audience());
        assertEquals("push-token-0123456789", parsed.config().pushBearerToken(), "left out: kept");
        assertNull(parse(shown.replace("\"delivery\":\"push\",", "\"delivery\":\"push\",\"pushBearerToken\":null,"), stored)
                .config().pushBearerToken(), "null: removed");
        assertNull(parse(shown, null).config().pushBearerToken(), "nothing to keep on a new transmitter");
    }

    @Test
    void aTokenIsNotCarriedOverToAnotherDeliveryMethod() {
        TransmitterConfig stored = parse(PUSH, null).config();
        RequestRejected rejected = assertThrows(RequestRejected.class, () -> parse("""
                {"issuer":"https://tx.example.com","jwksUri":"https://tx.example.com/jwks.json",
                 "audience":"a","delivery":"poll","pollEndpoint":"https://tx.example.com/poll"}""", stored));
        assertEquals("invalid_transmitter", rejected.error());
    }

    @Test
    void refusesWhatIsNotAConfiguration() {
        assertEquals("invalid_json", assertThrows(RequestRejected.class, () -> parse("[1]", null)).error());
        assertEquals("invalid_json", assertThrows(RequestRejected.class, () -> parse("{", null)).error());
        assertEquals("invalid_transmitter", assertThrows(RequestRejected.class,
                () -> parse(PUSH.replace("{", "{\"enabled\":\"yes\","), null)).error());
        assertEquals("invalid_transmitter", assertThrows(RequestRejected.class,
                () -> parse(PUSH.replace("{", "{\"bogus\":1,"), null)).error());
        byte[] huge = new byte[TransmitterConfigParser.MAX_BODY_BYTES + 1];
        RequestRejected tooLarge = assertThrows(RequestRejected.class, () -> TransmitterRequest.parse(huge, null));
        assertEquals(413, tooLarge.status());
    }

    private static TransmitterRequest.Parsed parse(String json, TransmitterConfig existing) {
        return TransmitterRequest.parse(json.getBytes(StandardCharsets.UTF_8), existing);
    }
}
