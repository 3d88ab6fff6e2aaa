package com.compromisedcredentials.notify;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.jboss.logging.Logger;
import org.keycloak.common.enums.HostnameVerificationPolicy;
import org.keycloak.email.DefaultEmailAuthenticator;
import org.keycloak.email.EmailAuthenticator;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.email.PasswordAuthEmailAuthenticator;
import org.keycloak.email.TokenAuthEmailAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.truststore.JSSETruststoreConfigurator;
import org.keycloak.utils.EmailValidationUtil;
import org.keycloak.utils.SMTPUtil;

/**
 * This node's open SMTP connections, kept between emails for each realm's SMTP settings. Keycloak's own sender opens,
 * authenticates and closes a connection per email (tens of milliseconds each, more with TLS); the dispatcher's senders
 * borrow an open one instead, send, and put it back.
 *
 * <p>A connection is opened with the realm's settings as Keycloak's sender reads them (host, port, SSL, STARTTLS with
 * Keycloak's truststore, password or token authentication through Keycloak's own authenticators, timeouts, from,
 * reply-to, envelope sender, UTF-8): that sender builds its mail session in private methods, so the same reading is
 * done here. It is not reused after the realm's settings change, after {@value #IDLE_MILLIS} ms unused, after
 * {@code emailsPerConnection} emails (the server option {@code emails-per-connection}: 1 opens a new connection for each
 * email, as Keycloak's own sender does), or once the server closed it (checked with a NOOP before reuse). If an email
 * fails on a reused connection for any reason but a permanent refusal, it is sent once more on a fresh connection in
 * the same attempt: the server may have dropped the connection in between, which is not the email's failure.
 */
final class SmtpConnections implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SmtpConnections.class);

    static final long IDLE_MILLIS = 30_000L;
    private static final String SUPPORTED_SSL_PROTOCOLS = supportedSslProtocols();

    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
    private final Map<EmailAuthenticator.AuthenticatorType, EmailAuthenticator> authenticators = Map.of(
            EmailAuthenticator.AuthenticatorType.NONE, new DefaultEmailAuthenticator(),
            EmailAuthenticator.AuthenticatorType.BASIC, new PasswordAuthEmailAuthenticator(),
            // one for the node, so that its cached access tokens serve every connection
            EmailAuthenticator.AuthenticatorType.TOKEN, new TokenAuthEmailAuthenticator());
    private final AtomicLong opened = new AtomicLong();
    private final int emailsPerConnection;
    private volatile boolean closed;

    /**
     * @param emailsPerConnection how many emails a connection carries before it is closed (at least 1): a bound on how
     *                            long one connection lives, for SMTP servers that limit messages per connection
     */
    SmtpConnections(int emailsPerConnection) {
        if (emailsPerConnection < 1) {
            throw new IllegalArgumentException("emailsPerConnection must be at least 1: " + emailsPerConnection);
        }
        this.emailsPerConnection = emailsPerConnection;
    }

    /** An open connection and the settings it was opened with. */
    private static final class Connection {
        final Map<String, String> settings;
        final Session mail;
        final Transport transport;
        int messages;
        long lastUsed;

        Connection(Map<String, String> settings, Session mail, Transport transport) {
            this.settings = settings;
            this.mail = mail;
            this.transport = transport;
        }
    }

    /**
     * Sends {@code email} with the realm's SMTP settings, over an open connection if there is one. Throws
     * {@link EmailException} when it was not sent; its cause is the SMTP failure ({@link SmtpVerdict} reads it).
     */
    void send(KeycloakSession session, RealmModel realm, OutgoingEmail email) throws EmailException {
        Map<String, String> settings = withoutNulls(realm.getSmtpConfig());
        Connection connection = borrow(realm.getId(), settings);
        boolean reused = connection != null;
        if (connection == null) {
            connection = open(session, settings);
        }
        try {
            deliver(connection, settings, email);
        } catch (MessagingException | EmailException e) {
            discard(connection);
            if (!reused || SmtpVerdict.of(e).permanent()) {
                throw failure(e);
            }
            LOG.debugf(e, "A reused SMTP connection of realm %s failed; sending again on a new one", realm.getName());
            connection = open(session, settings);
            try {
                deliver(connection, settings, email);
            } catch (MessagingException | EmailException again) {
                discard(connection);
                throw failure(again);
            }
        }
        giveBack(realm.getId(), connection);
    }

    /** Closes the connections unused for longer than {@value #IDLE_MILLIS} ms (each dispatch round asks). */
    void closeIdle() {
        long now = System.currentTimeMillis();
        for (Deque<Connection> connections : idle.values()) {
            for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
                Connection c = it.next();
                if (now - c.lastUsed > IDLE_MILLIS && connections.removeFirstOccurrence(c)) {
                    discard(c);
                }
            }
        }
    }

    /** Connections opened on this node since it started (for the debug log). */
    long opened() {
        return opened.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Deque<Connection> connections : idle.values()) {
            Connection c;
            while ((c = connections.pollFirst()) != null) {
                discard(c);
            }
        }
    }

    private Connection borrow(String realmId, Map<String, String> settings) {
        Deque<Connection> connections = idle.get(realmId);
        if (connections == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        Connection c;
        // the most recently used first: the others then age out when fewer senders are busy
        while ((c = connections.pollFirst()) != null) {
            if (c.settings.equals(settings) && now - c.lastUsed <= IDLE_MILLIS && c.transport.isConnected()) {
                return c; // isConnected() asks the server (NOOP) once the connection has been idle a moment
            }
            discard(c);
        }
        return null;
    }

    private void giveBack(String realmId, Connection connection) {
        connection.messages++;
        connection.lastUsed = System.currentTimeMillis();
        if (closed || connection.messages >= emailsPerConnection) {
            discard(connection);
            return;
        }
        idle.computeIfAbsent(realmId, r -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
    }

    private Connection open(KeycloakSession session, Map<String, String> settings) throws EmailException {
        String from = address(settings.get("from"), allowUtf8(settings), "sender");
        Session mail = Session.getInstance(properties(session, settings, from));
        Transport transport;
        try {
            transport = mail.getTransport("smtp");
        } catch (MessagingException e) {
            throw failure(e);
        }
        boolean auth = "true".equals(settings.get("auth"));
        EmailAuthenticator authenticator = authenticators.get(auth
                ? EmailAuthenticator.AuthenticatorType.valueOf(settings.getOrDefault("authType", "basic").toUpperCase())
                : EmailAuthenticator.AuthenticatorType.NONE);
        try {
            authenticator.connect(session, settings, transport);
        } catch (EmailException | RuntimeException e) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // it never opened
            }
            throw e;
        }
        opened.incrementAndGet();
        return new Connection(settings, mail, transport);
    }

    private static void deliver(Connection connection, Map<String, String> settings, OutgoingEmail email)
            throws MessagingException, EmailException {
        boolean utf8 = allowUtf8(settings);
        String to = address(email.to(), utf8, "recipient");
        String from = address(settings.get("from"), utf8, "sender");
        MimeMessage message = new MimeMessage(connection.mail);
        message.setFrom(internetAddress(from, settings.get("fromDisplayName")));
        message.setReplyTo(new Address[] {internetAddress(from, settings.get("fromDisplayName"))});
        String replyTo = settings.get("replyTo");
        if (replyTo != null && !replyTo.isBlank()) {
            message.setReplyTo(new Address[] {internetAddress(address(replyTo, utf8, "reply-to"), settings.get("replyToDisplayName"))});
        }
        message.setHeader("To", to);
        try {
            message.setSubject(MimeUtility.encodeText(email.subject(), StandardCharsets.UTF_8.name(), null));
        } catch (UnsupportedEncodingException e) {
            throw new EmailException("Failed to encode the subject", e);
        }
        MimeMultipart body = new MimeMultipart("alternative");
        if (email.textBody() != null) {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.textBody(), "UTF-8");
            body.addBodyPart(text);
        }
        if (email.htmlBody() != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(email.htmlBody(), "text/html; charset=UTF-8");
            body.addBodyPart(html);
        }
        message.setContent(body);
        message.saveChanges();
        message.setSentDate(new Date());
        connection.transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});
    }

    /** The mail session's properties, read from the realm's SMTP settings as Keycloak's own sender reads them. */
    private static Properties properties(KeycloakSession session, Map<String, String> settings, String from) {
        Properties props = new Properties();
        if (settings.get("host") != null) {
            props.setProperty("mail.smtp.host", settings.get("host"));
        }
        if (settings.get("port") != null) {
            props.setProperty("mail.smtp.port", settings.get("port"));
        }
        boolean auth = "true".equals(settings.get("auth"));
        boolean ssl = "true".equals(settings.get("ssl"));
        boolean starttls = "true".equals(settings.get("starttls"));
        if (auth) {
            props.setProperty("mail.smtp.auth", "true");
        }
        if ("token".equals(settings.get("authType"))) {
            props.setProperty("mail.smtp.auth.mechanisms", "XOAUTH2");
        }
        if ("true".equals(settings.get("debug"))) {
            props.setProperty("mail.debug", "true");
        }
        if (ssl) {
            props.setProperty("mail.smtp.ssl.enable", "true");
        }
        if (starttls) {
            props.setProperty("mail.smtp.starttls.enable", "true");
        }
        if (ssl || starttls || auth) {
            if (SUPPORTED_SSL_PROTOCOLS != null) {
                props.setProperty("mail.smtp.ssl.protocols", SUPPORTED_SSL_PROTOCOLS);
            }
            JSSETruststoreConfigurator truststore = new JSSETruststoreConfigurator(session);
            SSLSocketFactory sockets = truststore.getSSLSocketFactory();
            if (sockets != null) {
                props.put("mail.smtp.ssl.socketFactory", sockets);
                boolean any = truststore.getProvider().getPolicy() == HostnameVerificationPolicy.ANY;
                if (any) {
                    props.setProperty("mail.smtp.ssl.trust", "*");
                }
                props.setProperty("mail.smtp.ssl.checkserveridentity", String.valueOf(!any));
            }
        }
        props.setProperty("mail.smtp.timeout", settings.getOrDefault("timeout", "10000"));
        props.setProperty("mail.smtp.connectiontimeout", settings.getOrDefault("connectionTimeout", "10000"));
        props.setProperty("mail.smtp.writetimeout", settings.getOrDefault("writeTimeout", "10000"));
        String envelopeFrom = settings.get("envelopeFrom");
        if (envelopeFrom != null && !envelopeFrom.isBlank()) {
            props.setProperty("mail.smtp.from", envelopeFrom);
        }
        if (allowUtf8(settings)) {
            props.setProperty("mail.mime.allowutf8", "true");
        }
        // without it, the mail API would look up (slowly) and reveal this host's name in a header
        props.setProperty("mail.from", from);
        return props;
    }

    private static boolean allowUtf8(Map<String, String> settings) {
        return "true".equals(settings.get(EmailSenderProvider.CONFIG_ALLOW_UTF8));
    }

    /** An address as Keycloak's sender accepts it: valid, and ASCII (the domain converted from IDN) unless UTF-8 is allowed. */
    private static String address(String address, boolean utf8, String role) throws EmailException {
        if (address == null || !EmailValidationUtil.isValidEmail(address)) {
            throw new EmailException("Invalid " + role + " address");
        }
        if (utf8) {
            return address;
        }
        String converted = SMTPUtil.convertIDNEmailAddress(address);
        if (converted == null || !converted.chars().allMatch(c -> c < 128)) {
            throw new EmailException("Invalid " + role + " address: UTF-8 in its local part needs 'Allow UTF-8' in the realm's email settings");
        }
        return converted;
    }

    private static InternetAddress internetAddress(String address, String displayName) throws MessagingException {
        if (displayName == null || displayName.isBlank()) {
            return new InternetAddress(address);
        }
        try {
            return new InternetAddress(address, displayName, "utf-8");
        } catch (UnsupportedEncodingException e) {
            return new InternetAddress(address);
        }
    }

    private static void discard(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException e) {
            // already closed by the server, or broken: nothing left to close
        }
    }

    private static EmailException failure(Exception e) {
        return e instanceof EmailException email ? email : new EmailException("SMTP: " + e.getMessage(), e);
    }

    /** The settings as compared with a connection's: a copy that later changes to the realm do not reach. */
    private static Map<String, String> withoutNulls(Map<String, String> settings) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.values().removeIf(v -> v == null);
        return Map.copyOf(copy);
    }

    private static String supportedSslProtocols() {
        try {
            String[] protocols = SSLContext.getDefault().getSupportedSSLParameters().getProtocols();
            return protocols == null ? null : String.join(" ", protocols);
        } catch (Exception e) {
            LOG.warn("Could not list the supported SSL protocols", e);
            return null;
        }
    }
}
