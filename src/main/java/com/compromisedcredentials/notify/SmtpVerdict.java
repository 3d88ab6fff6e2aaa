package com.compromisedcredentials.notify;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What an SMTP failure means for the email that met it. The server refusing the recipient or the message itself with a
 * 5xx reply ({@code 550 unknown mailbox}, a message rejected as spam) is <em>permanent</em>: sending it again gets the
 * same answer, so the email is recorded as bounced at once. Everything else is <em>temporary</em> and retried: 4xx
 * replies, refused or broken connections, timeouts, and 5xx replies that are not about this email (a failed login or
 * a refused sender address are the realm's SMTP settings, which an admin can fix).
 *
 * <p>Angus Mail puts the server's reply in the exception it throws for the recipient ({@link SMTPAddressFailedException},
 * often chained as the "next exception" of a {@code SendFailedException}) or for the message
 * ({@link SMTPSendFailedException}); the whole chain of causes and next exceptions is searched.
 */
public record SmtpVerdict(boolean permanent, int code, String reply) {

    private static final SmtpVerdict TEMPORARY = new SmtpVerdict(false, -1, null);

    public static SmtpVerdict of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.push(failure);
        SmtpVerdict temporaryWithCode = null;
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (t == null || !seen.add(t)) {
                continue;
            }
            int code = t instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : t instanceof SMTPSendFailedException s ? s.getReturnCode() : -1;
            if (code >= 500 && code < 600) {
                return new SmtpVerdict(true, code, reply(code, t.getMessage()));
            }
            if (code > 0 && temporaryWithCode == null) {
                temporaryWithCode = new SmtpVerdict(false, code, reply(code, t.getMessage()));
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.push(m.getNextException());
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
        }
        return temporaryWithCode == null ? TEMPORARY : temporaryWithCode;
    }

    /** What the admin reads: the server's reply (it starts with the code; added if the server's text lacks it), addresses masked. */
    public String describe() {
        return Masking.emailsIn(reply);
    }

    private static String reply(int code, String message) {
        String text = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        return text.startsWith(String.valueOf(code)) ? text : (code + " " + text).trim();
    }
}
