package com.compromisedcredentials.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test whose subject does not depend on the database — time passing (a code expiring, a per-minute cap), the
 * dashboard's pages in a browser — run in the H2 pass only: the PostgreSQL and MariaDB passes exclude the tag
 * (failsafe's {@code excludedGroups} in the pom), so they are not reported there at all, rather than skipped.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(H2PassOnly.TAG)
public @interface H2PassOnly {
    String TAG = "h2-pass-only";
}
