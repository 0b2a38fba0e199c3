package io.restoredrill.core.port;

import io.restoredrill.core.domain.VerificationProgress;

/**
 * Keeps what a drill's verification found in its rounds so far, from one validate round to the next: too much for
 * the state document (a line per table, check and finding), which carries only where it is.
 */
public interface ProgressStore {

    /**
     * Stores the progress of the drill's verification in this execution, replacing what an earlier round stored.
     *
     * @return where it is, e.g. {@code s3://bucket/reports/orders/in-progress/<execution>.json}
     */
    String save(String drillName, String executionId, VerificationProgress progress);

    /**
     * Reads what {@link #save} stored for the drill in this execution. Found by drill and execution, not by a
     * location in the state document, so that a state document cannot point validate at another object.
     *
     * @throws RuntimeException naming where it looked, when it cannot be read
     */
    VerificationProgress load(String drillName, String executionId);
}
