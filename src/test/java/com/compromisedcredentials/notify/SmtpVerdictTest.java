package com.compromisedcredentials.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;

/** Which SMTP failures bounce an email for good and which are retried, as Angus Mail reports them. */
class SmtpVerdictTest {

    @Test
    void anUnknownMailboxBouncesWithTheServersReplyAndTheAddressMasked() throws Exception {
        SMTPAddressFailedException refused = new SMTPAddressFailedException(new InternetAddress("gone@example.com"),
                "RCPT TO:<gone@example.com>", 550, "550 5.1.1 <gone@example.com>: Recipient address rejected\n");
        // as Angus Mail throws it when every recipient was refused: the reply is the "next exception"
        SendFailedException invalid = new SendFailedException("Invalid Addresses", refused, new Address[0], new Address[0],
                new Address[] {new InternetAddress("gone@example.com")});
        SmtpVerdict verdict = SmtpVerdict.of(new EmailException("SMTP: Invalid Addresses", invalid));
        assertTrue(verdict.permanent());
        assertEquals(550, verdict.code());
        assertEquals("550 5.1.1 <g***e@example.com>: Recipient address rejected", verdict.describe());
    }

    @Test
    void aRejectedMessageBounces() {
        SMTPSendFailedException rejected = new SMTPSendFailedException("DATA", 554, "554 5.7.1 Message rejected as spam",
                null, new Address[0], new Address[0], new Address[0]);
        SmtpVerdict verdict = SmtpVerdict.of(new MessagingException("wrapped", rejected));
        assertTrue(verdict.permanent());
        assertEquals(554, verdict.code());
    }

    @Test
    void aReplyPuttingTheMessageOffIsRetried() {
        SMTPSendFailedException busy = new SMTPSendFailedException("MAIL FROM", 451, "451 4.3.0 try again later",
                null, new Address[0], new Address[0], new Address[0]);
        SmtpVerdict verdict = SmtpVerdict.of(new EmailException("SMTP", busy));
        assertFalse(verdict.permanent());
        assertEquals(451, verdict.code());
    }

    @Test
    void connectionsRefusedTimeoutsAndTheRealmsOwnSettingsAreRetried() throws Exception {
        assertFalse(SmtpVerdict.of(new EmailException("SMTP", new MessagingException("connect", new ConnectException("refused")))).permanent());
        assertFalse(SmtpVerdict.of(new EmailException("SMTP", new MessagingException("read", new SocketTimeoutException()))).permanent());
        // a refused sender address is the realm's setting, which an admin can fix: not this email's fault
        SMTPSenderFailedException sender = new SMTPSenderFailedException(new InternetAddress("noreply@example.com"),
                "MAIL FROM", 553, "553 5.7.1 Sender address rejected");
        assertFalse(SmtpVerdict.of(new EmailException("SMTP", sender)).permanent());
    }

    @Test
    void aFlagsNotificationKeepsToItsColumn() {
        String reply = "550 5.1.1 <g***e@example.com>: Recipient address rejected: User unknown in local recipient table";
        String notification = Notifier.bounced(reply);
        assertTrue(notification.startsWith("bounced: 550 5.1.1 <g***e@example.com>"), notification);
        assertEquals(Notifier.NOTIFICATION_LENGTH, notification.length(), notification);
        assertEquals("bounced: 550 short", Notifier.bounced("550 short"));
    }
}
