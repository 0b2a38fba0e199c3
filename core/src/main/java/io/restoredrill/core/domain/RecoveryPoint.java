package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The recovery point one freshness entry achieved: how recent the newest data in the backup is, measured against
 * the backup's own timestamp. The report lists one per {@code proofs.freshness} entry.
 *
 * @param table         the table as configured
 * @param column        the column as configured
 * @param maxAgeHours   the allowed lag
 * @param newestValue   the column's newest value, when there is one
 * @param backupTakenAt the backup's timestamp (a dump's from its name or modification time, a snapshot's creation
 *                      time), when the drill knows it
 * @param lagHours      {@code backupTakenAt - newestValue} in hours; negative when the newest value is later than
 *                      the backup's timestamp (clocks apart, or rows dated in the future)
 * @param verdict       this entry's verdict
 * @param problem       why it failed or was skipped, when it did not pass
 */
public record RecoveryPoint(String table, String column, double maxAgeHours, Optional<Instant> newestValue,
                            Optional<Instant> backupTakenAt, Optional<Double> lagHours, ProofVerdict verdict,
                            Optional<String> problem) {

    public RecoveryPoint {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(newestValue, "newestValue");
        Objects.requireNonNull(backupTakenAt, "backupTakenAt");
        Objects.requireNonNull(lagHours, "lagHours");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(problem, "problem");
    }
}
