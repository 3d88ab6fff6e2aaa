package com.compromisedcredentials.notify;

/** One rendered email on its way to one address: what the realm's email theme made of an outbox message. */
public record OutgoingEmail(String to, String subject, String textBody, String htmlBody) {

    @Override
    public String toString() {
        return "email to " + Masking.email(to); // never the address itself in a log line
    }
}
