package io.restoredrill.core.port;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.ProofWindow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One proof that a restored database is sound beyond "it loaded": its pages and indexes are not corrupt, every
 * value can be read, its schema is what it should be.
 *
 * <p>A proof runs against the drill's own temporary database, never production. It does its work on the server
 * (no rows are shipped to the client) and keeps within its budget with statement timeouts. It never throws for
 * what it finds or cannot do:
 * <ul>
 *   <li>what is wrong with the database is {@link io.restoredrill.core.domain.ProofVerdict#FAILED FAILED}, naming
 *       the table or index;</li>
 *   <li>a proof that cannot run (a missing extension, an old server, permission denied, no connection) is
 *       {@link io.restoredrill.core.domain.ProofVerdict#SKIPPED SKIPPED} with the reason;</li>
 *   <li>what the budget left unchecked is {@link io.restoredrill.core.domain.ProofVerdict#INCOMPLETE INCOMPLETE},
 *       listing it.</li>
 * </ul>
 * So one proof's trouble never stops the others.
 *
 * <p>A proof may be run in rounds ({@link #resume}): each round goes on from the {@link ProofProgress} the last one
 * returned, and never checks a unit (a relation) again that an earlier round finished. A proof that cannot be
 * resumed keeps the defaults, which run it whole in the first round.
 */
public interface DatabaseProof {

    /** The proof's name in the report, e.g. {@code integrity}. */
    String name();

    /**
     * Runs the proof whole.
     *
     * @param database the restored database; the proof may create what it needs there (an extension) and
     *                 removes it again
     * @param budget   how long the proof may take in all; positive
     */
    ProofResult run(DatabaseEndpoint database, Duration budget);

    /**
     * Goes on with the proof for at most the window's time, from where {@code from} stopped.
     *
     * @return the progress after this round: {@link ProofProgress#finished()} when nothing is left to do
     */
    default ProofProgress resume(DatabaseEndpoint database, ProofProgress from, ProofWindow window) {
        if (from.finished()) {
            return from;
        }
        // Not resumable: the whole proof in this round, its result kept in the notebook.
        ProofResult result = run(database, window.time().isZero() ? Duration.ofMillis(1) : window.time());
        return new ProofProgress(name(), true, result.elapsedMillis(), List.of(), List.of(), List.of(), Map.of(),
                Map.of(WHOLE_FINDINGS, result.findings()),
                Map.of(WHOLE_VERDICT, result.verdict().name(), WHOLE_VALUE, result.value()));
    }

    /** The verdict of a finished proof, from its progress. */
    default ProofResult result(ProofProgress progress) {
        return new ProofResult(name(), ProofVerdict.valueOf(progress.facts().get(WHOLE_VERDICT)),
                progress.facts().get(WHOLE_VALUE), progress.findings().getOrDefault(WHOLE_FINDINGS, List.of()),
                progress.spentMillis());
    }

    /** Where the default {@link #resume} keeps the whole proof's result. */
    String WHOLE_VERDICT = "verdict";
    String WHOLE_VALUE = "value";
    String WHOLE_FINDINGS = "findings";
}
