package com.compromisedcredentials.notify;

/** The emails the extension sends; each has an HTML and a text template and a subject message key. */
public enum MessageKind {
    /** To a user whose account was flagged: what happened, what to do, how to tell the email is genuine. */
    FLAGGED("cc-flagged.ftl", "ccEmailFlaggedSubject"),
    /** To a user after their password was changed while flagged. */
    PASSWORD_CHANGED("cc-password-changed.ftl", "ccEmailPasswordChangedSubject"),
    /** To a user whose flag was reverted with the batch, if the earlier email had gone out. */
    CORRECTION("cc-correction.ftl", "ccEmailCorrectionSubject"),
    /** To the realm's configured admin addresses when a batch is held for approval. */
    BATCH_HELD("cc-batch-held.ftl", "ccEmailBatchHeldSubject"),
    /**
     * In block-and-email mode, to a user whose password login was refused: a link to choose a new password.
     * Sent at once during the login (the link is minted for that request), recorded here as sent.
     */
    RESET_LINK("cc-reset-link.ftl", "ccEmailResetLinkSubject"),
    /** To the realm's held-batch addresses when a staged batch's slice crossed a health limit. */
    BATCH_PAUSED("cc-batch-paused.ftl", "ccEmailBatchPausedSubject"),
    /** To the policy's digest recipients, once per day or week: what the period brought. */
    DIGEST("cc-digest.ftl", "ccEmailDigestSubject");

    private final String template;
    private final String subjectKey;

    MessageKind(String template, String subjectKey) {
        this.template = template;
        this.subjectKey = subjectKey;
    }

    public String template() {
        return template;
    }

    public String subjectKey() {
        return subjectKey;
    }
}
