package com.compromisedcredentials.flag.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of CC_FLAG. {@code activeUserId} equals {@code userId} while the flag is ACTIVE and is NULL
 * otherwise; a unique constraint on (REALM_ID, ACTIVE_USER_ID) keeps one active flag per user in every
 * database, and is the index the login lookup uses.
 */
@Entity
@DynamicUpdate
@Table(name = "CC_FLAG")
@NamedQueries({
        @NamedQuery(name = "cc.flag.active",
                query = "select f from CcFlagEntity f where f.realmId = :realmId and f.activeUserId = :userId"),
        @NamedQuery(name = "cc.flag.byUserNewestFirst",
                query = "select f from CcFlagEntity f where f.realmId = :realmId and f.userId = :userId order by f.createdAt desc, f.id desc"),
        // Which of these users have an active flag: the IN list goes to Keycloak's user table (primary key, good
        // statistics) and joins CC_FLAG on the user, so that the plan stays cheap even while CC_FLAG's statistics
        // lag behind a big batch (an IN list of parameters against a stale table is compared row by row).
        // The realm is checked on the rows. Users only in federated storage are checked one by one.
        @NamedQuery(name = "cc.flag.activeAmong",
                query = "select f.activeUserId, f.realmId from UserEntity u, CcFlagEntity f where u.id in :ids and f.activeUserId = u.id"),
        @NamedQuery(name = "cc.flag.openAmong",
                query = "select f.activeUserId, f.realmId, f.state from UserEntity u, CcFlagEntity f where u.id in :ids and f.activeUserId = u.id"),
        // a suspicion that saw no password login in time ends; nobody was told of it
        @NamedQuery(name = "cc.flag.expireSuspected",
                query = "update CcFlagEntity f set f.state = 'DISMISSED', f.activeUserId = null, f.leakKeyedHash = null, "
                        + "f.verification = 'expired', f.resolution = 'suspicion-expired', f.dismissedAt = :now, "
                        + "f.dismissedBy = 'leak-verification' where f.realmId = :realmId and f.state = 'SUSPECTED' "
                        + "and f.createdAt < :cutoff"),
        @NamedQuery(name = "cc.flag.verificationOfBatch",
                query = "select f.verification, count(f) from CcFlagEntity f where f.batchId = :batchId "
                        + "and f.verification is not null group by f.verification"),
        @NamedQuery(name = "cc.flag.markExternal",
                query = "update CcFlagEntity f set f.enforcementMode = 'external' where f.realmId = :realmId and f.id = :id "
                        + "and f.state = 'ACTIVE'"),
        @NamedQuery(name = "cc.flag.matchedOfBatch",
                query = "select f.userId from CcFlagEntity f where f.realmId = :realmId and f.batchId = :batchId "
                        + "and f.state = 'SUSPECTED' and f.verification = 'matched'"),
        @NamedQuery(name = "cc.flag.verificationOfRealm",
                query = "select f.verification, count(f) from CcFlagEntity f where f.realmId = :realmId "
                        + "and f.verification is not null group by f.verification"),
        @NamedQuery(name = "cc.flag.activeIdsOf",
                query = "select f.id, f.activeUserId, f.realmId from UserEntity u, CcFlagEntity f where u.id in :ids and f.activeUserId = u.id"),
        @NamedQuery(name = "cc.flag.localUsers", query = "select u.id from UserEntity u where u.id in :ids"),
        @NamedQuery(name = "cc.flag.list",
                query = "select f from CcFlagEntity f where f.realmId = :realmId order by f.createdAt desc, f.id desc"),
        @NamedQuery(name = "cc.flag.listByState",
                query = "select f from CcFlagEntity f where f.realmId = :realmId and f.state = :state order by f.createdAt desc, f.id desc"),
        @NamedQuery(name = "cc.flag.countCreatedSinceTwice",
                query = "select sum(case when f.createdAt >= :recent then 1 else 0 end), count(f) from CcFlagEntity f "
                        + "where f.realmId = :realmId and f.createdAt >= :older "
                        + "and (f.verification is null or f.verification in ('confirmed', 'escalated'))"),
        @NamedQuery(name = "cc.flag.canaryHealth",
                query = "select count(f), "
                        + "sum(case when f.verification is not null and f.verification <> 'escalated' then 1 else 0 end), "
                        + "sum(case when f.verification = 'differs' then 1 else 0 end), "
                        + "sum(case when f.notification like 'bounced%' or f.notification like 'skipped: gave up%' then 1 else 0 end), "
                        + "sum(case when f.state = 'DISMISSED' and (f.resolution is null or f.resolution not in "
                        + "('password-differs', 'suspicion-expired')) then 1 else 0 end), "
                        + "sum(case when f.state = 'RESOLVED' then 1 else 0 end) from CcFlagEntity f where f.batchId = :batchId"),
        @NamedQuery(name = "cc.flag.digestNew",
                query = "select f.source, f.reason, count(f) from CcFlagEntity f where f.realmId = :realmId "
                        + "and f.createdAt >= :from and f.createdAt < :to "
                        + "and (f.verification is null or f.verification in ('confirmed', 'escalated')) "
                        + "group by f.source, f.reason order by count(f) desc, f.source, f.reason"),
        @NamedQuery(name = "cc.flag.digestResolved",
                query = "select count(f) from CcFlagEntity f where f.realmId = :realmId and f.state = 'RESOLVED' "
                        + "and f.resolvedAt >= :from and f.resolvedAt < :to"),
        @NamedQuery(name = "cc.flag.digestDismissed",
                query = "select count(f) from CcFlagEntity f where f.realmId = :realmId and f.state = 'DISMISSED' "
                        + "and f.dismissedAt >= :from and f.dismissedAt < :to "
                        + "and (f.resolution is null or f.resolution not in ('password-differs', 'suspicion-expired'))"),
        @NamedQuery(name = "cc.flag.digestNotTold",
                query = "select count(f) from CcFlagEntity f where f.realmId = :realmId "
                        + "and f.createdAt >= :from and f.createdAt < :to "
                        + "and (f.verification is null or f.verification in ('confirmed', 'escalated')) "
                        + "and (f.notification like 'skipped%' or f.notification like 'bounced%')"),
        @NamedQuery(name = "cc.flag.countBySourceAndState",
                query = "select f.source, f.state, count(f) from CcFlagEntity f where f.realmId = :realmId group by f.source, f.state"),
        @NamedQuery(name = "cc.flag.setNotification",
                query = "update CcFlagEntity f set f.notification = :notification where f.id = :id"),
        @NamedQuery(name = "cc.flag.activeOfBatch",
                query = "select f from CcFlagEntity f where f.batchId = :batchId and f.state in ('ACTIVE', 'SUSPECTED')"),
        @NamedQuery(name = "cc.flag.openUsersOfBatch",
                query = "select f.userId from CcFlagEntity f where f.batchId = :batchId and f.realmId = :realmId "
                        + "and f.state in ('ACTIVE', 'SUSPECTED')"),
        // one more step-up code for this flag, if fewer than :max went out in the current hour (the row lock makes
        // concurrent logins on any node take turns)
        @NamedQuery(name = "cc.flag.claimCode",
                query = "update CcFlagEntity f set "
                        + "f.codesSent = case when f.codesWindowStart is null or f.codesWindowStart <= :windowStart then 1 else f.codesSent + 1 end, "
                        + "f.codesWindowStart = case when f.codesWindowStart is null or f.codesWindowStart <= :windowStart then :now else f.codesWindowStart end "
                        + "where f.id = :id and f.state = 'ACTIVE' "
                        + "and (f.codesWindowStart is null or f.codesWindowStart <= :windowStart or f.codesSent < :max)"),
        @NamedQuery(name = "cc.flag.countWrongCode",
                query = "update CcFlagEntity f set f.wrongCodes = f.wrongCodes + 1 where f.id = :id"),
        @NamedQuery(name = "cc.flag.wrongCodes", query = "select f.wrongCodes from CcFlagEntity f where f.id = :id"),
        @NamedQuery(name = "cc.flag.claimLink",
                query = "update CcFlagEntity f set f.linkSentAt = :now where f.id = :id and f.state = 'ACTIVE' "
                        + "and (f.linkSentAt is null or f.linkSentAt <= :cutoff)"),
        @NamedQuery(name = "cc.flag.deleteByRealm", query = "delete from CcFlagEntity f where f.realmId = :realmId"),
        @NamedQuery(name = "cc.flag.deleteByUser",
                query = "delete from CcFlagEntity f where f.realmId = :realmId and f.userId = :userId"),
})
public class CcFlagEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "USER_ID", nullable = false)
    private String userId;

    @Column(name = "ACTIVE_USER_ID")
    private String activeUserId;

    @Column(name = "BATCH_ID", length = 36)
    private String batchId;

    @Column(name = "SOURCE", nullable = false, length = 100)
    private String source;

    @Column(name = "REASON", nullable = false, length = 32)
    private String reason;

    @Column(name = "USER_MESSAGE", length = 1000)
    private String userMessage;

    @Column(name = "EVIDENCE", length = 2000)
    private String evidence;

    @Column(name = "CREATED_BY", nullable = false)
    private String createdBy;

    @Column(name = "ENFORCEMENT_MODE", nullable = false, length = 32)
    private String enforcementMode;

    @Column(name = "STATE", nullable = false, length = 16)
    private String state;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "RESOLVED_AT")
    private Long resolvedAt;

    @Column(name = "RESOLUTION", length = 64)
    private String resolution;

    @Column(name = "DISMISSED_AT")
    private Long dismissedAt;

    @Column(name = "DISMISSED_BY")
    private String dismissedBy;

    @Column(name = "REVERTED_AT")
    private Long revertedAt;

    @Column(name = "REVERTED_BY")
    private String revertedBy;

    @Column(name = "NOTIFICATION", length = 64)
    private String notification;

    /** The account's email, lower-cased, if it was verified when the flag was created; else NULL. */
    @Column(name = "EMAIL_AT_FLAG")
    private String emailAtFlag;

    /** Step-up codes emailed for this flag since {@code codesWindowStart} (an hour's window). */
    @Column(name = "CODES_SENT", nullable = false)
    private int codesSent;

    @Column(name = "CODES_WINDOW_START")
    private Long codesWindowStart;

    /** Wrong step-up codes (emailed or authenticator app) entered for this flag, in every login together. */
    @Column(name = "WRONG_CODES", nullable = false)
    private int wrongCodes;

    /** When the last reset link went out for this flag ({@code block-and-email}). */
    @Column(name = "LINK_SENT_AT")
    private Long linkSentAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getActiveUserId() { return activeUserId; }
    public void setActiveUserId(String activeUserId) { this.activeUserId = activeUserId; }
    public String getBatchId() { return batchId; }
    public void setBatchId(String batchId) { this.batchId = batchId; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getUserMessage() { return userMessage; }
    public void setUserMessage(String userMessage) { this.userMessage = userMessage; }
    public String getEvidence() { return evidence; }
    public void setEvidence(String evidence) { this.evidence = evidence; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public String getEnforcementMode() { return enforcementMode; }
    public void setEnforcementMode(String enforcementMode) { this.enforcementMode = enforcementMode; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getResolvedAt() { return resolvedAt; }
    public void setResolvedAt(Long resolvedAt) { this.resolvedAt = resolvedAt; }
    public String getResolution() { return resolution; }
    public void setResolution(String resolution) { this.resolution = resolution; }
    public Long getDismissedAt() { return dismissedAt; }
    public void setDismissedAt(Long dismissedAt) { this.dismissedAt = dismissedAt; }
    public String getDismissedBy() { return dismissedBy; }
    public void setDismissedBy(String dismissedBy) { this.dismissedBy = dismissedBy; }
    public Long getRevertedAt() { return revertedAt; }
    public void setRevertedAt(Long revertedAt) { this.revertedAt = revertedAt; }
    public String getRevertedBy() { return revertedBy; }
    public void setRevertedBy(String revertedBy) { this.revertedBy = revertedBy; }
    public String getNotification() { return notification; }
    public void setNotification(String notification) { this.notification = notification; }
    public String getEmailAtFlag() { return emailAtFlag; }
    public void setEmailAtFlag(String emailAtFlag) { this.emailAtFlag = emailAtFlag; }
    public int getCodesSent() { return codesSent; }
    public void setCodesSent(int codesSent) { this.codesSent = codesSent; }
    public Long getCodesWindowStart() { return codesWindowStart; }
    public void setCodesWindowStart(Long codesWindowStart) { this.codesWindowStart = codesWindowStart; }
    public int getWrongCodes() { return wrongCodes; }
    public void setWrongCodes(int wrongCodes) { this.wrongCodes = wrongCodes; }
    public Long getLinkSentAt() { return linkSentAt; }
    public void setLinkSentAt(Long linkSentAt) { this.linkSentAt = linkSentAt; }

    /**
     * The keyed hash of the leaked password of a SUSPECTED flag (HMAC-SHA256 of its SHA-1 under the realm's key),
     * cleared as soon as the suspicion ends either way.
     */
    @Column(name = "LEAK_HASH", length = 64)
    private String leakKeyedHash;

    /**
     * Null for a flag that needed no verification; else {@code pending} (SUSPECTED), {@code matched} (SUSPECTED, found
     * current by the immediate check, waiting for the blast-radius guard), {@code confirmed} (the leaked
     * password was the current one), {@code differs}, {@code expired}, or {@code escalated} (a signal that needed no
     * verification made it a flag).
     */
    @Column(name = "VERIFICATION", length = 16)
    private String verification;

    public String getLeakKeyedHash() { return leakKeyedHash; }
    public void setLeakKeyedHash(String leakKeyedHash) { this.leakKeyedHash = leakKeyedHash; }
    public String getVerification() { return verification; }
    public void setVerification(String verification) { this.verification = verification; }
}
