package com.compromisedcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Steps the reset tests share: flag someone, read a code or a link from an email, get past Keycloak's info page. */
final class ResetSteps {

    private ResetSteps() {
    }

    static void flag(AdminApi admin, String realm, String username) {
        AdminApi.Reply reply = admin.post("/admin/realms/" + realm + "/compromised-credentials/signals", Map.of(
                "source", "feed", "reason", "credential-leak", "subjects", List.of(Map.of("username", username))));
        assertEquals("APPLIED", reply.json().get("state").asText(), reply.toString());
    }

    static String flagPath(AdminApi admin, String realm, String username) {
        return "/admin/realms/" + realm + "/compromised-credentials/users/" + admin.userId(realm, username) + "/flag";
    }

    /** The {@code count}-th email to {@code to} whose subject contains {@code subject}, waiting up to 30 s. */
    static Mailbox.Mail await(Mailbox mailbox, int count, String to, String subject) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<Mailbox.Mail> mails = mailbox.to(to).stream().filter(m -> m.subject().contains(subject)).toList();
            if (mails.size() >= count) {
                return mails.get(count - 1);
            }
            Mailbox.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " mails '" + subject + "' to " + to + ": " + mailbox.all());
    }

    static long count(Mailbox mailbox, String to, String subject) {
        return mailbox.to(to).stream().filter(m -> m.subject().contains(subject)).count();
    }

    /**
     * The code of a step-up email: the digits alone on their own line. (Not the first run of digits: the intro names
     * the site, and a test realm's name can end in eight digits.)
     */
    static String code(Mailbox.Mail mail) {
        Matcher m = Pattern.compile("(?m)^\\s*(\\d{6,8})\\s*$").matcher(mail.text());
        assertTrue(m.find(), mail.text());
        return m.group(1);
    }

    static String wrong(String code) {
        return code.substring(0, code.length() - 1) + ((code.charAt(code.length() - 1) - '0' + 1) % 10);
    }

    static String link(String text) {
        Matcher m = Pattern.compile("(http\\S+action-token\\S+)").matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    /** Keycloak's "Perform the following action(s)" page before an action token's form: click "proceed". */
    static Browser.Page proceed(Browser browser, Browser.Page page) {
        if (page.has("#kc-passwd-update-form")) {
            return page;
        }
        org.jsoup.nodes.Element next = page.document().selectFirst("a[href*=login-actions]");
        assertTrue(next != null, "no form and no link to proceed: " + page.document().body().text());
        return browser.get(page.uri().resolve(next.attr("href")));
    }
}
