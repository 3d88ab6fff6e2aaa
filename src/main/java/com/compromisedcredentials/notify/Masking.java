package com.compromisedcredentials.notify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Email addresses as they may appear in logs, stored errors and admin emails: {@code a***e@example.com}. */
public final class Masking {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+\\-]+)@([A-Za-z0-9.\\-]+)");

    private Masking() {
    }

    public static String email(String address) {
        if (address == null) {
            return null;
        }
        int at = address.indexOf('@');
        if (at < 0) {
            return address.length() <= 2 ? "***" : address.charAt(0) + "***" + address.charAt(address.length() - 1);
        }
        String local = address.substring(0, at);
        String masked = local.length() <= 2 ? local.charAt(0) + "***" : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return masked + address.substring(at);
    }

    /** {@code text} with every email address in it masked (for SMTP errors, which often quote the address). */
    public static String emailsIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = EMAIL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(email(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
