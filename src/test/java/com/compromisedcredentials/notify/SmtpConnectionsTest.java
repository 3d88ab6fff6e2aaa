package com.compromisedcredentials.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import com.compromisedcredentials.it.Mailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;
import org.keycloak.models.RealmModel;

/**
 * The node's kept SMTP connections against a real SMTP server (GreenMail behind the tests' {@code SmtpRelay}, which
 * counts connections and can misbehave): reused between emails, opened again when the realm's settings change or the
 * server hung up or it carried its emails, never reused with one email per connection, and a failure on a kept connection is not the email's failure when a new connection then takes it.
 * The realm is a stand-in answering only its id, name and SMTP settings (no authentication, so no Keycloak session).
 */
class SmtpConnectionsTest {

    /** The server option's default. */
    private static final int EMAILS_PER_CONNECTION = 100;

    private Mailbox mailbox;
    private SmtpConnections connections;
    private final Map<String, String> settings = new HashMap<>();

    @BeforeEach
    void start() {
        mailbox = Mailbox.scripted();
        connections = new SmtpConnections(EMAILS_PER_CONNECTION);
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(mailbox.port()));
        settings.put("from", "noreply@example.com");
        settings.put("fromDisplayName", "Example Shop");
    }

    @AfterEach
    void stop() {
        connections.close();
        mailbox.close();
    }

    @Test
    void emailsShareOneConnection() throws Exception {
        for (int i = 1; i <= 5; i++) {
            send("u" + i + "@example.com");
        }
        assertEquals(5, mailbox.count());
        assertEquals(1, mailbox.relay().connections(), "five emails over one connection");
        assertEquals("Hello", mailbox.await("u3@example.com", "Hello").subject());
    }

    @Test
    void aConnectionThatCarriedItsEmailsIsClosedAndANewOneOpened() throws Exception {
        connections.close();
        connections = new SmtpConnections(2);
        for (int i = 1; i <= 5; i++) {
            send("u" + i + "@example.com");
        }
        assertEquals(5, mailbox.count());
        assertEquals(3, mailbox.relay().connections(), "five emails, two per connection");
    }

    @Test
    void withOneEmailPerConnectionAConnectionIsNeverReused() throws Exception {
        connections.close();
        connections = new SmtpConnections(1);
        for (int i = 1; i <= 3; i++) {
            send("u" + i + "@example.com");
        }
        assertEquals(3, mailbox.count());
        assertEquals(3, mailbox.relay().connections(), "a new connection for each email");
    }

    @Test
    void aChangeOfTheRealmsSettingsOpensANewConnection() throws Exception {
        send("a@example.com");
        settings.put("fromDisplayName", "Example Shop (new name)");
        send("b@example.com");
        assertEquals(2, mailbox.relay().connections());
    }

    @Test
    void aConnectionTheServerClosedIsNotUsedAgain() throws Exception {
        send("a@example.com");
        mailbox.relay().hangUp();
        send("b@example.com");
        assertEquals(2, mailbox.count());
        assertEquals(2, mailbox.relay().connections());
    }

    @Test
    void aFailureOnAKeptConnectionIsNotTheEmailsWhenANewConnectionTakesIt() throws Exception {
        send("a@example.com");
        mailbox.relay().putOff(1); // the kept connection's next message is answered 451
        send("b@example.com"); // no exception: sent on a new connection in the same attempt
        assertEquals(1, mailbox.relay().putOffSoFar());
        assertEquals(2, mailbox.relay().connections());
        assertEquals(2, mailbox.count());
    }

    @Test
    void aFailureOnANewConnectionIsTheEmails() throws Exception {
        mailbox.relay().putOff(1);
        EmailException failure = assertThrows(EmailException.class, () -> send("a@example.com"));
        SmtpVerdict verdict = SmtpVerdict.of(failure);
        assertEquals(451, verdict.code());
        assertTrue(!verdict.permanent(), verdict.toString());
        assertEquals(0, mailbox.count());
    }

    @Test
    void aRecipientRefusedForGoodIsNotTriedAgainOnANewConnection() throws Exception {
        send("a@example.com");
        mailbox.relay().refuse("gone@example.com");
        EmailException failure = assertThrows(EmailException.class, () -> send("gone@example.com"));
        assertTrue(SmtpVerdict.of(failure).permanent());
        assertEquals(1, mailbox.relay().recipientAttempts("gone@example.com"));
        send("b@example.com"); // the next email goes out as usual
        assertEquals(2, mailbox.count());
    }

    private void send(String to) throws EmailException {
        connections.send(null, realm(), new OutgoingEmail(to, "Hello", "Hello " + to, "<p>Hello " + to + "</p>"));
    }

    private RealmModel realm() {
        Map<String, String> now = Map.copyOf(settings);
        return (RealmModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> "realm-id";
                    case "getName" -> "realm";
                    case "getSmtpConfig" -> now;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
