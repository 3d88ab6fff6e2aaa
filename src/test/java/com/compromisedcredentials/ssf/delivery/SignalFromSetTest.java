package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.set.CompromiseEventType;
import com.compromisedcredentials.ssf.set.CompromiseSignal;
import com.compromisedcredentials.ssf.set.LocalizedText;
import com.compromisedcredentials.ssf.set.SetKeys;
import com.compromisedcredentials.ssf.set.SubjectIdentifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.intake.SignalRequest;
import org.junit.jupiter.api.Test;

class SignalFromSetTest {

    private static final String ISSUER = "https://tx.example.com";
    private static final List<Subject> ALICE = List.of(Subject.of(SubjectKind.EMAIL, "alice@example.com"));

    @Test
    void carriesReasonsIntoTheBatchAndKeysItByJti() {
        Map<String, String> byLanguage = new LinkedHashMap<>();
        byLanguage.put("en", "Your password appeared in the ExampleShop breach.");
        byLanguage.put("de", "Ihr Passwort war im ExampleShop-Leck.");
        CompromiseSignal signal = signal(CompromiseEventType.CREDENTIAL_COMPROMISE, "password",
                new LocalizedText("Found in breach corpus 2026-11", Map.of()),
                new LocalizedText(byLanguage.get("en"), byLanguage));

        SignalRequest request = SignalFromSet.request(signal, ALICE, "de", 0);
        assertEquals("ssf", request.source());
        assertEquals(ReasonCategory.CREDENTIAL_LEAK, request.reason());
        assertEquals("Ihr Passwort war im ExampleShop-Leck.", request.userMessage(), "in the user's language");
        assertEquals(SetKeys.idempotencyKey(ISSUER, "jti-1", 0), request.idempotencyKey());
        assertEquals(ALICE, request.subjects());
        assertFalse(request.dryRun());
        assertEquals("SET jti-1 from https://tx.example.com (credential-compromise, credential password, "
                + "event at 2026-11-20T09:00:00Z, txn t-1): Found in breach corpus 2026-11", request.evidence());

        assertEquals("Your password appeared in the ExampleShop breach.", SignalFromSet.request(signal, ALICE, null, 0).userMessage());
        assertEquals("Your password appeared in the ExampleShop breach.", SignalFromSet.request(signal, ALICE, "fr", 0).userMessage());
    }

    @Test
    void aReasonUserWithALinkOrALineBreakIsDroppedForTheCategorysTextAndTheEvidenceSaysSo() {
        for (String hostile : new String[] {"Reset now at https://evil.example/reset", "Your password leaked.\nCall +1 555 0100."}) {
            CompromiseSignal signal = signal(CompromiseEventType.CREDENTIAL_COMPROMISE, "password",
                    new LocalizedText("Found in breach corpus 2026-11", Map.of()), new LocalizedText(hostile, Map.of()));

            SignalRequest request = SignalFromSet.request(signal, ALICE, "en", 0);

            assertNull(request.userMessage(), "users read the category's own words");
            assertTrue(request.evidence().startsWith("reason_user dropped (it contained a "), request.evidence());
            assertTrue(request.evidence().endsWith(": Found in breach corpus 2026-11"), request.evidence());
            assertFalse(request.evidence().contains("evil.example") || request.evidence().contains("555"), request.evidence());
        }
    }

    @Test
    void aRequiredChangeIsSuspiciousActivityAndNeedsNoReasons() {
        SignalRequest request = SignalFromSet.request(
                signal(CompromiseEventType.ACCOUNT_CREDENTIAL_CHANGE_REQUIRED, null, null, null), ALICE, "en", 1);
        assertEquals(ReasonCategory.SUSPICIOUS_ACTIVITY, request.reason());
        assertNull(request.userMessage(), "the category's own words are used");
        assertTrue(request.evidence().startsWith("SET jti-1 from https://tx.example.com (account-credential-change-required"), request.evidence());
        assertTrue(request.idempotencyKey().endsWith(":1"));
    }

    @Test
    void longTextsAreCutToWhatABatchHolds() {
        String longText = "x".repeat(1500);
        SignalRequest request = SignalFromSet.request(signal(CompromiseEventType.CREDENTIAL_COMPROMISE, null,
                new LocalizedText("y".repeat(1999), Map.of()), new LocalizedText(longText, Map.of())), ALICE, null, 0);
        assertEquals(1000, request.userMessage().length());
        assertTrue(request.userMessage().endsWith("\u2026"));
        assertEquals(2000, request.evidence().length());
        assertEquals(255, SignalFromSet.actorName("https://" + "i".repeat(990)).length());
        assertEquals("ssf:" + ISSUER, SignalFromSet.actorName(ISSUER));
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String text = "a".repeat(998) + "\uD83D\uDD12" + "tail";
        String cut = SignalFromSet.cut(text, 1000);
        assertTrue(cut.length() <= 1000);
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 2)), cut.substring(cut.length() - 3));
    }

    @Test
    void needsASubject() {
        assertThrows(IllegalArgumentException.class, () -> SignalFromSet.request(
                signal(CompromiseEventType.CREDENTIAL_COMPROMISE, null, null, null), List.of(), null, 0));
    }

    private static CompromiseSignal signal(CompromiseEventType type, String credentialType, LocalizedText reasonAdmin,
            LocalizedText reasonUser) {
        return new CompromiseSignal(ISSUER, "jti-1", type, SubjectIdentifier.email("alice@example.com"), credentialType,
                reasonAdmin, reasonUser, Instant.parse("2026-11-20T09:00:00Z"), "t-1", Instant.parse("2026-11-20T10:00:00Z"));
    }
}
