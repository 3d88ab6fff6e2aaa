package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.DeliveryMethod;
import com.compromisedcredentials.ssf.TransmitterConfig;
import com.compromisedcredentials.ssf.set.SetError;
import com.compromisedcredentials.ssf.set.SetRejected;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;

import org.junit.jupiter.api.Test;

class PushAuthorizationTest {

    private static final String TOKEN = "s3cret-push-token-0123456789";
    private static final TransmitterConfig WITH_TOKEN = push(TOKEN);

    @Test
    void acceptsTheConfiguredBearerToken() {
        assertDoesNotThrow(() -> PushAuthorization.check(WITH_TOKEN, "Bearer " + TOKEN));
        assertDoesNotThrow(() -> PushAuthorization.check(WITH_TOKEN, "bearer " + TOKEN));
        assertDoesNotThrow(() -> PushAuthorization.check(WITH_TOKEN, "  Bearer   " + TOKEN + " "));
    }

    @Test
    void refusesAMissingOrWrongToken() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic " + TOKEN, TOKEN, "Bearer " + TOKEN + "x",
                "Bearer " + TOKEN.substring(1)}) {
            SetRejected e = assertThrows(SetRejected.class, () -> PushAuthorization.check(WITH_TOKEN, header), String.valueOf(header));
            assertEquals(SetError.AUTHENTICATION_FAILED, e.error());
            assertEquals(401, e.httpStatus());
        }
    }

    @Test
    void withoutAConfiguredTokenAnyRequestPasses() {
        assertDoesNotThrow(() -> PushAuthorization.check(push(null), null));
        assertDoesNotThrow(() -> PushAuthorization.check(push(null), "Bearer whatever"));
    }

    @Test
    void aPollTransmitterMayNotPush() {
        TransmitterConfig poll = new TransmitterConfig("i", URI.create("https://x/j"), null, "a", DeliveryMethod.POLL, null,
                URI.create("https://x/poll"), TOKEN, null, null);
        SetRejected e = assertThrows(SetRejected.class, () -> PushAuthorization.check(poll, "Bearer " + TOKEN));
        assertEquals(SetError.ACCESS_DENIED, e.error());
        assertEquals(403, e.httpStatus());
    }

    private static TransmitterConfig push(String token) {
        return new TransmitterConfig("i", URI.create("https://x/j"), null, "a", DeliveryMethod.PUSH, token, null, null, null, null);
    }
}
