package com.compromisedcredentials.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 for one test class, and the mails it received, as a user reads them.
 * A {@link #scripted()} mailbox puts a {@link SmtpRelay} in front of GreenMail: it counts the connections made to it,
 * and can refuse a recipient for good or put messages off for a while, as real servers do.
 */
public final class Mailbox implements AutoCloseable {

    /** One received email: recipient, subject, and its text and HTML parts. */
    public record Mail(String to, String subject, String text, String html) {
        @Override
        public String toString() {
            return "to " + to + ": " + subject;
        }
    }

    private final int port;
    private final int greenMailPort;
    private GreenMail greenMail;
    private SmtpRelay relay;

    private Mailbox(int port) {
        this(port, port);
    }

    private Mailbox(int port, int greenMailPort) {
        this.port = port;
        this.greenMailPort = greenMailPort;
    }

    /** A mailbox listening now, behind a relay that a test can script (see {@link SmtpRelay}). */
    public static Mailbox scripted() {
        Mailbox mailbox = new Mailbox(freePort(), freePort());
        mailbox.up();
        mailbox.relay = SmtpRelay.start(mailbox.port, mailbox.greenMailPort);
        return mailbox;
    }

    /** The scripted mailbox's relay. */
    public SmtpRelay relay() {
        if (relay == null) {
            throw new IllegalStateException("not a scripted mailbox");
        }
        return relay;
    }

    /** A mailbox listening now on a free port. */
    public static Mailbox start() {
        Mailbox mailbox = new Mailbox(freePort());
        mailbox.up();
        return mailbox;
    }

    /** A port reserved for a mailbox that is not listening yet (SMTP "down"); call {@link #up()} later. */
    public static Mailbox down() {
        return new Mailbox(freePort());
    }

    public void up() {
        greenMail = new GreenMail(new ServerSetup(greenMailPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public int port() {
        return port;
    }

    /** Waits until {@code to} has received a mail whose subject contains {@code subjectPart}. */
    public Mail await(String to, String subjectPart) {
        return await(to, subjectPart, Duration.ofSeconds(30));
    }

    public Mail await(String to, String subjectPart, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Mail mail : all()) {
                if (mail.to().equalsIgnoreCase(to) && mail.subject().contains(subjectPart)) {
                    return mail;
                }
            }
            sleep(200);
        }
        throw new AssertionError("No mail to " + to + " with '" + subjectPart + "' within " + timeout + "; received: " + all());
    }

    /** Every mail to {@code to} so far. */
    public List<Mail> to(String to) {
        return all().stream().filter(m -> m.to().equalsIgnoreCase(to)).toList();
    }

    /** Forgets what was received so far. */
    public void clear() {
        if (greenMail != null) {
            try {
                greenMail.purgeEmailFromAllMailboxes();
            } catch (com.icegreen.greenmail.store.FolderException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * How many mails were received so far, without reading them (a benchmark polls this while thousands arrive;
     * {@link #all()} would parse every one of them each time).
     */
    public int count() {
        return greenMail == null ? 0 : greenMail.getReceivedMessages().length;
    }

    /**
     * The recipient (first To) of each mail received so far, in order, read from the headers only: a benchmark counts
     * the mails per recipient among thousands, which {@link #all()} would parse whole.
     */
    public List<String> recipients() {
        if (greenMail == null) {
            return List.of();
        }
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                Address[] to = message.getRecipients(Message.RecipientType.TO);
                recipients.add(to == null || to.length == 0 ? "" : to[0].toString());
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return recipients;
    }

    public List<Mail> all() {
        if (greenMail == null) {
            return List.of();
        }
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            mails.add(read(message));
        }
        return mails;
    }

    private static Mail read(MimeMessage message) {
        try {
            String to = Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString)
                    .findFirst().orElse("");
            String text = null;
            String html = null;
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    Object partContent = part.getContent();
                    if (partContent instanceof Multipart inner) {
                        for (int j = 0; j < inner.getCount(); j++) {
                            BodyPart p = inner.getBodyPart(j);
                            if (p.isMimeType("text/plain")) text = (String) p.getContent();
                            if (p.isMimeType("text/html")) html = (String) p.getContent();
                        }
                    } else if (part.isMimeType("text/plain")) {
                        text = (String) partContent;
                    } else if (part.isMimeType("text/html")) {
                        html = (String) partContent;
                    }
                }
            } else {
                text = String.valueOf(content);
            }
            return new Mail(to, message.getSubject(), text, html);
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
