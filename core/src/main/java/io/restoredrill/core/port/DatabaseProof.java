package io.restoredrill.core.port;

import io.restoredrill.core.domain.ProofResult;

import java.time.Duration;

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
 */
public interface DatabaseProof {

    /** The proof's name in the report, e.g. {@code integrity}. */
    String name();

    /**
     * Runs the proof.
     *
     * @param database the restored database; the proof may create what it needs there (an extension) and
     *                 removes it again
     * @param budget   how long the proof may take in all; positive
     */
    ProofResult run(DatabaseEndpoint database, Duration budget);
}
