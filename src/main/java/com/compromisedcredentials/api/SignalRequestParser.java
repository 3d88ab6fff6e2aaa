package com.compromisedcredentials.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.compromisedcredentials.flag.LeakedPassword;
import com.compromisedcredentials.flag.ReasonCategory;
import com.compromisedcredentials.flag.Subject;
import com.compromisedcredentials.flag.SubjectKind;
import com.compromisedcredentials.intake.LeakedPlaintexts;
import com.compromisedcredentials.intake.SignalRequest;
import com.compromisedcredentials.intake.UserText;
import com.compromisedcredentials.support.web.RequestRejected;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the bytes of a {@code POST /signals} body into a {@link SignalRequest}, or rejects it with an
 * {@link RequestRejected} naming the first problem. Strict on purpose: an unknown field is an error, so that
 * a misspelt {@code "dryrun": true} never flags anybody for real.
 */
public class SignalRequestParser {

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_SUBJECTS = 10_000;
    static final int MAX_SOURCE = 100;
    static final int MAX_USER_MESSAGE = 1000;
    static final int MAX_EVIDENCE = 2000;
    static final int MAX_IDEMPOTENCY_KEY = 100;
    static final int MAX_SUBJECT_VALUE = 255;
    static final int MAX_PASSWORD = 1024;
    private static final Set<String> PASSWORD_FIELDS = Set.of("passwordSha1", "password");

    private static final Set<String> FIELDS =
            Set.of("source", "reason", "userMessage", "evidence", "subjects", "idempotencyKey", "dryRun", "canary");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public SignalRequest parse(byte[] body) {
        JsonNode root = object(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw RequestRejected.badRequest("invalid_request", "Unknown field '" + name + "'. Known fields: " + String.join(", ", FIELDS.stream().sorted().toList()) + ".");
            }
        }

        String source = requiredText(root, "source", MAX_SOURCE);
        ReasonCategory reason = reason(requiredText(root, "reason", 64));
        String userMessage = UserText.require("userMessage", optionalText(root, "userMessage", MAX_USER_MESSAGE, true));
        String evidence = optionalText(root, "evidence", MAX_EVIDENCE, false);
        String idempotencyKey = optionalText(root, "idempotencyKey", MAX_IDEMPOTENCY_KEY, false);
        boolean dryRun = optionalBoolean(root, "dryRun");
        Map<Subject, LeakedPassword> leaked = new HashMap<>();
        Map<Subject, String> plaintexts = LeakedPlaintexts.collector();
        List<Subject> subjects = subjects(root.get("subjects"), leaked, plaintexts);
        boolean canary = optionalBoolean(root, "canary");
        return new SignalRequest(source, reason, userMessage, evidence, subjects, idempotencyKey, dryRun, leaked,
                new LeakedPlaintexts(plaintexts), canary);
    }

    private static final Set<String> MANUAL_FIELDS = Set.of("source", "reason", "userMessage", "evidence");

    /**
     * The body of {@code PUT /users/{userId}/flag}, which names no subjects: the user is in the path. Every
     * field is optional; an empty body flags with reason {@code admin} from source {@code admin}.
     */
    public SignalRequest parseManualFlag(byte[] body, String userId) {
        JsonNode root = body.length == 0 ? MAPPER.createObjectNode() : object(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MANUAL_FIELDS.contains(name)) {
                throw RequestRejected.badRequest("invalid_request", "Unknown field '" + name + "'. Known fields: "
                        + String.join(", ", MANUAL_FIELDS.stream().sorted().toList()) + ".");
            }
        }
        String source = optionalText(root, "source", MAX_SOURCE, false);
        String reasonName = optionalText(root, "reason", 64, false);
        ReasonCategory reason = reasonName == null ? ReasonCategory.ADMIN : reason(reasonName);
        return new SignalRequest(source == null ? "admin" : source, reason,
                UserText.require("userMessage", optionalText(root, "userMessage", MAX_USER_MESSAGE, true)),
                optionalText(root, "evidence", MAX_EVIDENCE, false), List.of(Subject.of(SubjectKind.USER_ID, userId)), null, false);
    }

    private static JsonNode object(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw RequestRejected.tooLarge("request_too_large", "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw RequestRejected.badRequest("invalid_json", "The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw RequestRejected.badRequest("invalid_json", "The request body must be a JSON object.");
        }
        return root;
    }

    private static ReasonCategory reason(String name) {
        return ReasonCategory.fromWireName(name).orElseThrow(() -> RequestRejected.badRequest(
                "unknown_reason", "Unknown reason '" + name + "'. Use one of: " + ReasonCategory.allWireNames() + "."));
    }

    private static List<Subject> subjects(JsonNode node, Map<Subject, LeakedPassword> leaked, Map<Subject, String> plaintexts) {
        if (node == null || node.isNull()) {
            throw RequestRejected.badRequest("invalid_request", "Field 'subjects' is required: a list of {\"email\"}, {\"username\"} or {\"userId\"} objects.");
        }
        if (!node.isArray()) {
            throw RequestRejected.badRequest("invalid_request", "Field 'subjects' must be a list.");
        }
        if (node.isEmpty()) {
            throw RequestRejected.badRequest("invalid_request", "Field 'subjects' must name at least one account.");
        }
        if (node.size() > MAX_SUBJECTS) {
            throw RequestRejected.tooLarge("too_many_subjects",
                    "A batch holds at most " + MAX_SUBJECTS + " subjects; this one has " + node.size() + ". Split it.");
        }
        List<Subject> subjects = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Subject subject = subject(item, i);
            subjects.add(subject);
            leakedPassword(item, i).ifPresent(password -> {
                if (leaked.putIfAbsent(subject, password) == null && item.hasNonNull("password")) {
                    plaintexts.put(subject, item.get("password").asText());
                }
            });
        }
        return subjects;
    }

    private static Subject subject(JsonNode node, int index) {
        String where = "subjects[" + index + "]";
        if (!node.isObject()) {
            throw RequestRejected.badRequest("invalid_subject",
                    where + " must be an object with exactly one of 'email', 'username' or 'userId'.");
        }
        List<Map.Entry<String, JsonNode>> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!PASSWORD_FIELDS.contains(field.getKey())) {
                names.add(field);
            }
        }
        if (names.size() != 1) {
            throw RequestRejected.badRequest("invalid_subject",
                    where + " must be an object with exactly one of 'email', 'username' or 'userId'"
                            + " (and at most one of 'passwordSha1', 'password').");
        }
        Map.Entry<String, JsonNode> field = names.get(0);
        SubjectKind kind = switch (field.getKey()) {
            case "email" -> SubjectKind.EMAIL;
            case "username" -> SubjectKind.USERNAME;
            case "userId" -> SubjectKind.USER_ID;
            default -> throw RequestRejected.badRequest("invalid_subject",
                    where + " has unknown field '" + field.getKey() + "'; use 'email', 'username' or 'userId'.");
        };
        JsonNode value = field.getValue();
        if (!value.isTextual() || value.asText().isBlank()) {
            throw RequestRejected.badRequest("invalid_subject", where + "." + kind.field() + " must be a non-empty string.");
        }
        String text = value.asText().trim();
        if (text.length() > MAX_SUBJECT_VALUE || hasControlCharacters(text, false)) {
            throw RequestRejected.badRequest("invalid_subject",
                    where + "." + kind.field() + " must be at most " + MAX_SUBJECT_VALUE + " printable characters.");
        }
        if (kind == SubjectKind.EMAIL && !looksLikeEmail(text)) {
            throw RequestRejected.badRequest("invalid_subject", where + ".email is not an email address.");
        }
        return Subject.of(kind, text);
    }

    /**
     * The leaked password a subject carries, hashed at once: {@code passwordSha1} (40 hex characters) or
     * {@code password} (the plaintext, up to {@value #MAX_PASSWORD} characters), not both. No message names the value.
     */
    private static java.util.Optional<LeakedPassword> leakedPassword(JsonNode node, int index) {
        String where = "subjects[" + index + "]";
        JsonNode sha1 = node.get("passwordSha1");
        JsonNode plain = node.get("password");
        if (sha1 != null && plain != null) {
            throw RequestRejected.badRequest("invalid_subject", where + " carries both 'passwordSha1' and 'password'; send one.");
        }
        if (sha1 != null) {
            if (!sha1.isTextual()) {
                throw RequestRejected.badRequest("invalid_subject", where + ".passwordSha1 must be a string of 40 hex characters.");
            }
            return java.util.Optional.of(LeakedPassword.ofSha1Hex(sha1.asText()).orElseThrow(() -> RequestRejected.badRequest(
                    "invalid_subject", where + ".passwordSha1 must be the SHA-1 of the password: 40 hex characters.")));
        }
        if (plain != null) {
            if (!plain.isTextual() || plain.asText().isEmpty()) {
                throw RequestRejected.badRequest("invalid_subject", where + ".password must be a non-empty string.");
            }
            if (plain.asText().length() > MAX_PASSWORD) {
                throw RequestRejected.badRequest("invalid_subject",
                        where + ".password is longer than " + MAX_PASSWORD + " characters.");
            }
            return java.util.Optional.of(LeakedPassword.ofPlaintext(plain.asText()));
        }
        return java.util.Optional.empty();
    }

    private static boolean looksLikeEmail(String text) {
        int at = text.indexOf('@');
        return at > 0 && at == text.lastIndexOf('@') && at < text.length() - 1 && text.chars().noneMatch(Character::isWhitespace);
    }

    private static String requiredText(JsonNode root, String field, int maxLength) {
        String value = optionalText(root, field, maxLength, false);
        if (value == null) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' is required.");
        }
        return value;
    }

    private static String optionalText(JsonNode root, String field, int maxLength, boolean multiline) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' must be a string.");
        }
        String value = node.asText().trim();
        if (value.isEmpty()) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' must not be empty.");
        }
        if (value.length() > maxLength) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' is longer than " + maxLength + " characters.");
        }
        if (hasControlCharacters(value, multiline)) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' contains control characters.");
        }
        return value;
    }

    private static boolean optionalBoolean(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw RequestRejected.badRequest("invalid_request", "Field '" + field + "' must be true or false.");
        }
        return node.booleanValue();
    }

    private static boolean hasControlCharacters(String value, boolean allowNewlines) {
        return value.chars().anyMatch(c -> Character.isISOControl(c) && !(allowNewlines && (c == '\n' || c == '\r' || c == '\t')));
    }
}
