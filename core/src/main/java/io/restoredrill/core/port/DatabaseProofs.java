package io.restoredrill.core.port;

import java.time.Duration;

/**
 * The proofs a drill can run on a restored database beyond its row counts and checks. The drill asks for each
 * when it runs it, with the settings of that drill (the full read's per-table budget).
 */
public interface DatabaseProofs {

    /** Checks indexes and tables for corruption (amcheck). */
    DatabaseProof integrity();

    /**
     * Reads every row and value of every table.
     *
     * @param perTableBudget how long one table may take; positive
     */
    DatabaseProof fullRead(Duration perTableBudget);

    /** Reads the schema's fingerprint. */
    SchemaFingerprinter fingerprinter();

    /** Reads the newest value of a freshness column (the freshness proof). */
    NewestValueReader newestValues();
}
