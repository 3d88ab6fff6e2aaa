package com.compromisedcredentials.login;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a directory's password-change timestamp, as an LDAP attribute mapper hands it to Keycloak: OpenLDAP's
 * {@code pwdChangedTime} (ppolicy; LDAP generalized time such as {@code 20261202134830Z}) or Active Directory's
 * {@code pwdLastSet} (100-nanosecond intervals since 1601-01-01 UTC; 0 means "must change at next logon", not a date).
 * Anything else reads as unknown: a timestamp that cannot be read never resolves a flag.
 */
final class DirectoryTime {

    /** yyyyMMddHHmmss, an optional fraction, then Z or an offset of hours and minutes (RFC 4517 3.3.13, to the second). */
    private static final Pattern GENERALIZED = Pattern.compile("(\\d{14})(?:[.,]\\d+)?(Z|[+-]\\d{4})");
    private static final DateTimeFormatter DIGITS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** Milliseconds from 1601-01-01 (Windows' epoch) to 1970-01-01. */
    private static final long WINDOWS_EPOCH_OFFSET_MILLIS = 11_644_473_600_000L;

    private DirectoryTime() {
    }

    /** Epoch milliseconds, truncated to the second; empty if the value is not a timestamp. */
    static OptionalLong parse(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        Matcher generalized = GENERALIZED.matcher(v);
        try {
            if (generalized.matches()) {
                ZoneOffset offset = "Z".equals(generalized.group(2)) ? ZoneOffset.UTC : ZoneOffset.of(
                        generalized.group(2).substring(0, 3) + ":" + generalized.group(2).substring(3));
                return OptionalLong.of(LocalDateTime.parse(generalized.group(1), DIGITS).toEpochSecond(offset) * 1000L);
            }
            if (v.chars().allMatch(Character::isDigit) && v.length() <= 19) {
                long millis = Long.parseLong(v) / 10_000L - WINDOWS_EPOCH_OFFSET_MILLIS;
                // 0 is Active Directory's "change at next logon", not a date; nor is anything before 1970
                return millis > 0 ? OptionalLong.of(millis / 1000L * 1000L) : OptionalLong.empty();
            }
        } catch (RuntimeException notATime) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
