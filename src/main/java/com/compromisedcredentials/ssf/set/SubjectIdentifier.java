package com.compromisedcredentials.ssf.set;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The account a SET is about, as an RFC 9493 subject identifier: a {@code format} and its members, e.g.
 * {@code email} → {@code {email: "a@example.com"}}, {@code iss_sub} → {@code {iss, sub}}, {@code opaque} →
 * {@code {id}}, {@code phone_number} → {@code {phone_number}}, {@code account} → {@code {uri: "acct:..."}}.
 * An {@code aliases} identifier has no values and lists its {@code identifiers}; an SSF {@code complex} subject is
 * read as its {@code user} member. A format this receiver does not know is kept with its string members, so that
 * it can be recorded, but resolves to no account.
 *
 * @param format      the RFC 9493 format name
 * @param values      the members of the identifier, {@code format} excluded; empty for {@code aliases}
 * @param identifiers for {@code aliases} only: the alternative identifiers; empty otherwise
 */
public record SubjectIdentifier(String format, Map<String, String> values, List<SubjectIdentifier> identifiers) {

    static final int MAX_VALUE = 1000;
    static final int MAX_ALIASES = 20;
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "account", List.of("uri"),
            "email", List.of("email"),
            "iss_sub", List.of("iss", "sub"),
            "opaque", List.of("id"),
            "phone_number", List.of("phone_number"),
            "did", List.of("url"),
            "uri", List.of("uri"));
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public SubjectIdentifier {
        Objects.requireNonNull(format, "format");
        values = Map.copyOf(values);
        identifiers = List.copyOf(identifiers);
    }

    public static SubjectIdentifier email(String email) {
        return new SubjectIdentifier("email", Map.of("email", email), List.of());
    }

    public static SubjectIdentifier issSub(String iss, String sub) {
        return new SubjectIdentifier("iss_sub", Map.of("iss", iss, "sub", sub), List.of());
    }

    /** A member's value, or null. */
    public String value(String member) {
        return values.get(member);
    }

    /**
     * The Keycloak accounts this identifier may name, as the intake looks them up: an {@code email} by email; an
     * {@code account} URI {@code acct:local@host} by email {@code local@host}; an {@code iss_sub} whose {@code iss}
     * is this realm's issuer by user id {@code sub}; an {@code opaque} id by user id (the {@code sub} this realm puts in
     * its tokens, the one identifier a transmitter and Keycloak share without agreeing on anything else);
     * {@code aliases} by each of its identifiers. A {@code phone_number} is looked up by a user attribute instead
     * ({@link #phoneNumbers()}). Every other format (an {@code iss_sub} of another issuer, {@code did}, ...) names no
     * account here.
     *
     * @param realmIssuer the realm's issuer URL, e.g. {@code https://idp.example.com/realms/acme}; may be null
     */
    public List<Subject> keycloakSubjects(String realmIssuer) {
        Set<Subject> subjects = new LinkedHashSet<>();
        collect(realmIssuer, subjects);
        return List.copyOf(subjects);
    }

    private void collect(String realmIssuer, Set<Subject> into) {
        switch (format) {
            case "email" -> into.add(Subject.of(SubjectKind.EMAIL, values.get("email")));
            case "account" -> {
                String address = values.get("uri").substring("acct:".length());
                if (!address.contains("%") && looksLikeEmail(address)) {
                    into.add(Subject.of(SubjectKind.EMAIL, address));
                }
            }
            case "iss_sub" -> {
                if (values.get("iss").equals(realmIssuer)) {
                    into.add(Subject.of(SubjectKind.USER_ID, values.get("sub")));
                }
            }
            case "opaque" -> into.add(Subject.of(SubjectKind.USER_ID, values.get("id")));
            case "aliases" -> identifiers.forEach(id -> id.collect(realmIssuer, into));
            default -> {
                // no lookup for this format
            }
        }
    }

    /** The E.164 numbers of a {@code phone_number} identifier, or of the {@code phone_number}s among its aliases. */
    public List<String> phoneNumbers() {
        if (format.equals("phone_number")) {
            return List.of(values.get("phone_number"));
        }
        return identifiers.stream().filter(id -> id.format.equals("phone_number"))
                .map(id -> id.values.get("phone_number")).distinct().toList();
    }

    /**
     * Reads a subject identifier; {@code where} names it in the error.
     *
     * @throws SetRejected {@code invalid_request} if it is malformed
     */
    static SubjectIdentifier parse(JsonNode node, String where) {
        return parse(node, where, true);
    }

    private static SubjectIdentifier parse(JsonNode node, String where, boolean mayNest) {
        if (node == null || !node.isObject()) {
            throw SetRejected.invalidRequest(where + " must be a subject identifier object.");
        }
        JsonNode formatNode = node.get("format");
        if (formatNode == null && mayNest && node.has("user")) {
            return parse(node.get("user"), where + ".user", false);
        }
        if (formatNode == null || !formatNode.isTextual() || formatNode.asText().isBlank()) {
            throw SetRejected.invalidRequest(where + " has no 'format'.");
        }
        String format = formatNode.asText();
        if (format.equals("complex")) {
            if (!mayNest) {
                throw SetRejected.invalidRequest(where + " nests a complex subject.");
            }
            if (!node.has("user")) {
                throw SetRejected.invalidRequest(where + " is a complex subject without a 'user'.");
            }
            return parse(node.get("user"), where + ".user", false);
        }
        if (format.equals("aliases")) {
            return aliases(node, where, mayNest);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (member.getKey().equals("format") || !member.getValue().isTextual()) {
                continue;
            }
            String value = member.getValue().asText();
            if (value.length() > MAX_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                throw SetRejected.invalidRequest(where + "." + member.getKey() + " is too long or contains control characters.");
            }
            values.put(member.getKey(), value);
        }
        for (String required : REQUIRED.getOrDefault(format, List.of())) {
            String value = values.get(required);
            if (value == null || value.isBlank()) {
                throw SetRejected.invalidRequest(where + " of format '" + format + "' needs a non-empty string '" + required + "'.");
            }
        }
        switch (format) {
            case "email" -> {
                if (!looksLikeEmail(values.get("email"))) {
                    throw SetRejected.invalidRequest(where + ".email is not an email address.");
                }
            }
            case "account" -> {
                if (!values.get("uri").startsWith("acct:") || values.get("uri").length() <= "acct:".length()) {
                    throw SetRejected.invalidRequest(where + ".uri must be an acct: URI.");
                }
            }
            case "phone_number" -> {
                if (!E164.matcher(values.get("phone_number")).matches()) {
                    throw SetRejected.invalidRequest(where + ".phone_number must be in E.164 form, e.g. +12065550100.");
                }
            }
            default -> {
                // the required members are enough
            }
        }
        return new SubjectIdentifier(format, values, List.of());
    }

    private static SubjectIdentifier aliases(JsonNode node, String where, boolean mayNest) {
        if (!mayNest) {
            throw SetRejected.invalidRequest(where + " nests an aliases identifier.");
        }
        JsonNode list = node.get("identifiers");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ALIASES) {
            throw SetRejected.invalidRequest(where + ".identifiers must list 1 to " + MAX_ALIASES + " subject identifiers.");
        }
        List<SubjectIdentifier> identifiers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            identifiers.add(parse(list.get(i), where + ".identifiers[" + i + "]", false));
        }
        return new SubjectIdentifier("aliases", Map.of(), identifiers);
    }

    private static boolean looksLikeEmail(String text) {
        int at = text.indexOf('@');
        return at > 0 && at == text.lastIndexOf('@') && at < text.length() - 1 && text.chars().noneMatch(Character::isWhitespace);
    }
}
