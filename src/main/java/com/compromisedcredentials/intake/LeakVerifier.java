package com.compromisedcredentials.intake;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.compromisedcredentials.flag.LeakCheck;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

/**
 * {@code leakVerification} {@code immediate}: checks each plaintext leaked password of a batch against the account's
 * stored password with Keycloak's own credential check, on the node's bounded pool, after the batch committed. A
 * mismatch dismisses the SUSPECTED flag at once ({@code password-differs}); a match marks it {@code matched}, and when
 * the batch's last candidate is checked its matches go through the blast-radius guard together, as one batch
 * ({@link SignalService#confirmMatches}): flagged with their emails and sign-out, or held whole for an admin.
 *
 * <p>The plaintexts live only in this node's memory, so only this node can check them: each candidate is checked once
 * cluster-wide. Should the node stop first, the candidates it had not checked stay SUSPECTED with their keyed hash and
 * are verified at their owner's next password login instead; none is checked twice, none is lost.
 */
public class LeakVerifier implements Provider {

    private static final Logger LOG = Logger.getLogger(LeakVerifier.class);

    /** An account to check and the plaintext it was sent with. */
    public record Candidate(String userId, String plaintext) {
        @Override
        public String toString() {
            return "Candidate[" + userId + "]";
        }
    }

    private final KeycloakSessionFactory factory;
    private final ExecutorService pool;

    LeakVerifier(KeycloakSessionFactory factory, ExecutorService pool) {
        this.factory = factory;
        this.pool = pool;
    }

    /** Queues the candidates of batch {@code batchId} once {@code session}'s transaction commits; nothing if it rolls back. */
    public void checkAfterCommit(KeycloakSession session, String realmId, String batchId, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        AtomicInteger left = new AtomicInteger(candidates.size());
        session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // the last candidate done, checked or not, sends the batch's matches through the guard
                Runnable done = () -> {
                    if (left.decrementAndGet() == 0) {
                        confirmMatches(realmId, batchId);
                    }
                };
                for (Candidate candidate : candidates) {
                    try {
                        pool.execute(() -> {
                            try {
                                check(realmId, candidate);
                            } finally {
                                done.run();
                            }
                        });
                    } catch (RejectedExecutionException e) {
                        // the queue is full or the node stops: the suspicion is verified at the next login instead
                        LOG.debugf("Immediate check of user %s in realm %s left to the login: %s", candidate.userId(), realmId, e.getMessage());
                        done.run();
                    }
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private void check(String realmId, Candidate candidate) {
        inRealm(realmId, (session, realm) -> {
            UserModel user = session.users().getUserById(realm, candidate.userId());
            if (user == null) {
                return;
            }
            boolean same = user.credentialManager().isValid(UserCredentialModel.password(candidate.plaintext()));
            LeakCheck outcome = new SignalService(session, realm).settleImmediately(user.getId(), same);
            LOG.debugf("Immediate leaked-password check of user %s in realm %s: %s", user.getId(), realm.getName(), outcome);
        }, "Immediate leaked-password check of user " + candidate.userId());
    }

    /** The batch's matches through the guard as one batch; should it fail, they stay SUSPECTED for the login check. */
    private void confirmMatches(String realmId, String batchId) {
        inRealm(realmId, (session, realm) -> new SignalService(session, realm).confirmMatches(batchId).ifPresent(result -> LOG.infof(
                "Immediate leaked-password check of batch %s in realm %s: %d matches, confirmation batch %s is %s",
                batchId, realm.getName(), result.batch().counts().matched(), result.batch().id(), result.batch().state())),
                "Confirming the matches of batch " + batchId);
    }

    /** Runs {@code work} in a transaction of its own in the realm (nothing if it is gone); a failure is logged, not thrown. */
    private void inRealm(String realmId, java.util.function.BiConsumer<KeycloakSession, RealmModel> work, String what) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    session.getContext().setRealm(realm);
                    work.accept(session, realm);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s in realm %s failed; it is left to the next login: %s", what, realmId, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
    }
}
