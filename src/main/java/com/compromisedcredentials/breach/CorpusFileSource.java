package com.compromisedcredentials.breach;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * The offline corpus named by the {@code corpus-path} option, opened when first needed. If it cannot be opened
 * (not there yet, damaged, from another version) every lookup fails as {@code CORPUS_UNAVAILABLE}, so the
 * failure mode applies, and opening is tried again after a pause: an admin can copy a corpus into place, or fix
 * it, without a restart. Thread-safe.
 */
public final class CorpusFileSource implements BreachSource {

    private static final Logger LOG = Logger.getLogger(CorpusFileSource.class);

    private final Path path;
    private final long retryNanos;
    private final LongSupplier nanoClock;
    private volatile OfflineCorpus corpus;
    private long nextAttempt;
    private String problem;
    private boolean attempted;

    public CorpusFileSource(Path path, Duration retryAfter) {
        this(path, retryAfter, System::nanoTime);
    }

    CorpusFileSource(Path path, Duration retryAfter, LongSupplier nanoClock) {
        this.path = path;
        this.retryNanos = retryAfter.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public long breachCount(PasswordSha1 hash) throws BreachLookupException {
        OfflineCorpus open = corpus;
        return (open != null ? open : open()).breachCount(hash);
    }

    /** Opens the corpus now unless it is open or was just tried; says why it cannot. */
    public synchronized OfflineCorpus open() throws BreachLookupException {
        if (corpus != null) {
            return corpus;
        }
        long now = nanoClock.getAsLong();
        if (attempted && now - nextAttempt < 0) {
            throw new BreachLookupException(BreachLookupException.Reason.CORPUS_UNAVAILABLE, problem);
        }
        attempted = true;
        try {
            OfflineCorpus opened = OfflineCorpus.open(path);
            LOG.infof("Offline breach corpus %s: %,d hashes, index built %s", path, opened.size(), opened.builtAt());
            corpus = opened;
            return opened;
        } catch (IOException | RuntimeException e) {
            problem = "the offline corpus cannot be opened: " + e.getMessage();
            nextAttempt = now + retryNanos;
            LOG.warnf("%s (tried again in %d s at the earliest)", problem, retryNanos / 1_000_000_000L);
            throw new BreachLookupException(BreachLookupException.Reason.CORPUS_UNAVAILABLE, problem, e);
        }
    }

    @Override
    public synchronized void close() {
        if (corpus != null) {
            corpus.close();
            corpus = null;
        }
    }
}
