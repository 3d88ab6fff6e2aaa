package com.compromisedcredentials.ssf.delivery;

import com.compromisedcredentials.ssf.set.CompromiseSignal;
import com.compromisedcredentials.ssf.set.SetKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.intake.UserText;

/**
 * The signal a recognised event of a verified SET is submitted as, through the same intake, guard and idempotency
 * as any other: source {@value #SOURCE}; the event's reason category; {@code reason_user} as the text the user
 * reads (in their language when the transmitter sent several) unless it breaks {@link UserText}'s rule (a link, a
 * line break), in which case users read the category's own text and the evidence says that it was dropped; an
 * evidence reference naming the SET (issuer, {@code jti}, event, credential, time) followed by {@code reason_admin};
 * and the SET's {@code jti} in the idempotency key ({@link SetKeys#idempotencyKey}). Never the token itself.
 */
public final class SignalFromSet {

    public static final String SOURCE = "ssf";
    static final int MAX_USER_MESSAGE = 1000;
    static final int MAX_EVIDENCE = 2000;
    static final int MAX_ACTOR = 255;

    private SignalFromSet() {
    }

    /**
     * @param signal   the event
     * @param subjects the accounts of the realm it names (at least one)
     * @param language the user's language tag, or null for the transmitter's default text
     * @param index    the event's place among the SET's recognised events (0 for the first), so that each has its own key
     */
    public static SignalRequest request(CompromiseSignal signal, List<Subject> subjects, String language, int index) {
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a signal needs at least one subject");
        }
        String userMessage = signal.reasonUser() == null ? null : cut(signal.reasonUser().forLanguage(language), MAX_USER_MESSAGE);
        String evidence = evidence(signal);
        Optional<String> problem = UserText.problem(userMessage);
        if (problem.isPresent()) {
            userMessage = null;
            evidence = "reason_user dropped (it contained " + problem.get() + "); users read the category's own text. " + evidence;
        }
        return new SignalRequest(SOURCE, signal.reason(), userMessage == null || userMessage.isBlank() ? null : userMessage,
                cut(evidence, MAX_EVIDENCE), List.copyOf(subjects),
                SetKeys.idempotencyKey(signal.issuer(), signal.jti(), index), false);
    }

    /** The name a batch records as its submitter: {@code ssf:<issuer>}. */
    public static String actorName(String issuer) {
        return cut(SOURCE + ":" + issuer, MAX_ACTOR);
    }

    static String evidence(CompromiseSignal signal) {
        List<String> facts = new ArrayList<>();
        facts.add(shortName(signal.type().uri()));
        if (signal.credentialType() != null) {
            facts.add("credential " + signal.credentialType());
        }
        if (signal.eventTime() != null) {
            facts.add("event at " + signal.eventTime());
        }
        if (signal.txn() != null) {
            facts.add("txn " + signal.txn());
        }
        String reference = "SET " + signal.jti() + " from " + signal.issuer() + " (" + String.join(", ", facts) + ")";
        return signal.reasonAdmin() == null || signal.reasonAdmin().text().isBlank()
                ? reference
                : reference + ": " + signal.reasonAdmin().text();
    }

    /** The last segment of an event type URI, e.g. {@code credential-compromise}. */
    static String shortName(String eventTypeUri) {
        return eventTypeUri.substring(eventTypeUri.lastIndexOf('/') + 1);
    }

    /** At most {@code max} characters, never splitting a surrogate pair; a cut text ends with an ellipsis. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
