package com.compromisedcredentials.support.web;

import java.util.Optional;

/**
 * An enum whose constants have a stable lower-case name outside the JVM (JSON fields, query parameters, stored
 * columns, option values), distinct from the Java constant so that renaming one never changes the other.
 */
public interface WireName {

    String wireName();

    /** The constant of {@code type} with this wire name, compared exactly; empty for null or an unknown name. */
    static <E extends Enum<E> & WireName> Optional<E> find(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
