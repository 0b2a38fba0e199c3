package io.restoredrill.core.domain;


import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verification found in its rounds so far, carried to the next round: everything the first round did once
 * (the backup chosen and loaded, the row counts, the checks, the fingerprint) and how far each proof got. Bulky by
 * nature (one line per table, check and finding): the AWS path keeps it in an S3 object, not in the state document.
 *
 * @param rounds   rounds done
 * @param backupAge the chosen backup's age when it was chosen, with it
 * @param database the database that holds the data under proof, on the server of the verification: later rounds
 *                 prove it again, and never reload a dump
 * @param proofs   the progress of each resumable proof that runs, in the order the report lists them
 * @param judged   the proofs judged once, in the first round, with the checks (freshness), as they were judged
 * @param recoveryPoints the freshness entries' recovery points, from the first round
 */
public record VerificationProgress(int rounds, String database, String source,
                                   Optional<BackupRef> backup, Optional<Duration> backupAge, Optional<String> target,
                                   Optional<RestoreStats> restore, long loadMillis, Optional<Instant> loadedAt,
                                   long checksMillis, List<CheckResult> checks, List<TableRowCount> tables,
                                   boolean counted, Optional<SchemaFingerprint> schema,
                                   Optional<ProofResult> schemaUnread, long schemaMillis, List<String> failures,
                                   List<ProofProgress> proofs, List<ProofResult> judged,
                                   List<RecoveryPoint> recoveryPoints) {

    /** Progress without first-round proofs (no freshness entries). */
    public VerificationProgress(int rounds, String database, String source, Optional<BackupRef> backup,
                                Optional<Duration> backupAge, Optional<String> target, Optional<RestoreStats> restore,
                                long loadMillis, Optional<Instant> loadedAt, long checksMillis, List<CheckResult> checks,
                                List<TableRowCount> tables, boolean counted, Optional<SchemaFingerprint> schema,
                                Optional<ProofResult> schemaUnread, long schemaMillis, List<String> failures,
                                List<ProofProgress> proofs) {
        this(rounds, database, source, backup, backupAge, target, restore, loadMillis, loadedAt, checksMillis, checks,
                tables, counted, schema, schemaUnread, schemaMillis, failures, proofs, List.of(), List.of());
    }

    public VerificationProgress {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(backupAge, "backupAge");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(schemaUnread, "schemaUnread");
        checks = List.copyOf(checks);
        tables = List.copyOf(tables);
        failures = List.copyOf(failures);
        proofs = List.copyOf(proofs);
        // Work files written before freshness existed have neither.
        judged = List.copyOf(Objects.requireNonNullElse(judged, List.of()));
        recoveryPoints = List.copyOf(Objects.requireNonNullElse(recoveryPoints, List.of()));
    }

    /** The progress of one proof, or its start when it has none yet. */
    public ProofProgress proof(String name) {
        return proofs.stream().filter(p -> p.name().equals(name)).findFirst().orElseGet(() -> ProofProgress.start(name));
    }
}
