package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one drill found out. Written as JSON with {@code --report}; read back as a baseline.
 *
 * @param failureReason why the drill failed, empty when it passed
 * @param backup        the backup the drill chose, empty when none was found
 * @param target        the temporary database, described, empty when none was created
 * @param restore       what the restore loaded, empty when it did not complete
 * @param audit         the guardrail audit of the production instance (AWS path; empty in local mode)
 * @param proofs        the proofs run on the restored database (integrity, full read, schema drift), in the order
 *                      they ran; empty when none ran (and in reports written before proofs existed)
 * @param schema        the restored database's schema fingerprint, empty when it was not taken
 * @param baseline      the baseline the drill was compared with, and who accepted it when a person did; empty when
 *                      there was none (and in reports written before this was recorded)
 * @param freshness     the recovery point each {@code proofs.freshness} entry achieved; empty when there are none
 */
public record DrillReport(
        String drillId,
        String drillName,
        Verdict verdict,
        Optional<String> failureReason,
        String source,
        Optional<BackupSummary> backup,
        Optional<String> target,
        Instant startedAt,
        Timings timings,
        Optional<RestoreStats> restore,
        List<CheckResult> checks,
        List<TableRowCount> tables,
        List<TableShrinkage> shrinkage,
        Optional<GuardrailAudit> audit,
        List<ProofResult> proofs,
        Optional<SchemaFingerprint> schema,
        Optional<BaselineOrigin> baseline,
        List<RecoveryPoint> freshness,
        List<ObjectiveResult> objectives) {

    /** A report without objectives. */
    public DrillReport(String drillId, String drillName, Verdict verdict, Optional<String> failureReason, String source,
                       Optional<BackupSummary> backup, Optional<String> target, Instant startedAt, Timings timings,
                       Optional<RestoreStats> restore, List<CheckResult> checks, List<TableRowCount> tables,
                       List<TableShrinkage> shrinkage, Optional<GuardrailAudit> audit, List<ProofResult> proofs,
                       Optional<SchemaFingerprint> schema, Optional<BaselineOrigin> baseline,
                       List<RecoveryPoint> freshness) {
        this(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings, restore, checks,
                tables, shrinkage, audit, proofs, schema, baseline, freshness, List.of());
    }

    /** A report without baseline origin or recovery points. */
    public DrillReport(String drillId, String drillName, Verdict verdict, Optional<String> failureReason, String source,
                       Optional<BackupSummary> backup, Optional<String> target, Instant startedAt, Timings timings,
                       Optional<RestoreStats> restore, List<CheckResult> checks, List<TableRowCount> tables,
                       List<TableShrinkage> shrinkage, Optional<GuardrailAudit> audit, List<ProofResult> proofs,
                       Optional<SchemaFingerprint> schema) {
        this(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings, restore, checks,
                tables, shrinkage, audit, proofs, schema, Optional.empty(), List.of());
    }

    /** A report without proofs or schema fingerprint. */
    public DrillReport(String drillId, String drillName, Verdict verdict, Optional<String> failureReason, String source,
                       Optional<BackupSummary> backup, Optional<String> target, Instant startedAt, Timings timings,
                       Optional<RestoreStats> restore, List<CheckResult> checks, List<TableRowCount> tables,
                       List<TableShrinkage> shrinkage, Optional<GuardrailAudit> audit) {
        this(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings, restore, checks,
                tables, shrinkage, audit, List.of(), Optional.empty());
    }

    /** A report without a guardrail audit (local mode). */
    public DrillReport(String drillId, String drillName, Verdict verdict, Optional<String> failureReason, String source,
                       Optional<BackupSummary> backup, Optional<String> target, Instant startedAt, Timings timings,
                       Optional<RestoreStats> restore, List<CheckResult> checks, List<TableRowCount> tables,
                       List<TableShrinkage> shrinkage) {
        this(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings, restore, checks,
                tables, shrinkage, Optional.empty());
    }

    public DrillReport {
        Objects.requireNonNull(drillId, "drillId");
        Objects.requireNonNull(drillName, "drillName");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(restore, "restore");
        checks = List.copyOf(checks);
        tables = List.copyOf(tables);
        shrinkage = List.copyOf(shrinkage);
        audit = Objects.requireNonNullElse(audit, Optional.empty());
        proofs = List.copyOf(Objects.requireNonNullElse(proofs, List.of()));
        objectives = List.copyOf(Objects.requireNonNullElse(objectives, List.of()));
        schema = Objects.requireNonNullElse(schema, Optional.empty());
        baseline = Objects.requireNonNullElse(baseline, Optional.empty());
        freshness = List.copyOf(Objects.requireNonNullElse(freshness, List.of()));
        if (verdict == Verdict.FAILED && failureReason.isEmpty()) {
            throw new IllegalArgumentException("a failed drill needs a failure reason");
        }
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** The same report with these proofs and this schema fingerprint, replacing any it had. */
    public DrillReport withProofs(List<ProofResult> proofResults, Optional<SchemaFingerprint> fingerprint) {
        return new DrillReport(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings,
                restore, checks, tables, shrinkage, audit, proofResults, fingerprint, baseline, freshness, objectives);
    }

    /** The same report with this baseline origin and these recovery points, replacing any it had. */
    public DrillReport withBaselineAndFreshness(Optional<BaselineOrigin> comparedWith,
                                                List<RecoveryPoint> recoveryPoints) {
        return new DrillReport(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings,
                restore, checks, tables, shrinkage, audit, proofs, schema, comparedWith, recoveryPoints, objectives);
    }

    /** The same report with these objective results, replacing any it had. */
    public DrillReport withObjectives(List<ObjectiveResult> results) {
        return new DrillReport(drillId, drillName, verdict, failureReason, source, backup, target, startedAt, timings,
                restore, checks, tables, shrinkage, audit, proofs, schema, baseline, freshness, results);
    }

    /** The chosen backup, as the report shows it. */
    public record BackupSummary(
            String location,
            String name,
            long sizeBytes,
            Instant timestamp,
            BackupRef.TimestampSource timestampSource,
            BackupFormat format,
            double ageHours) {
    }

    /** Wall-clock milliseconds spent restoring, checking (row counts included) and in total. */
    public record Timings(long restoreMillis, long checksMillis, long totalMillis) {
    }
}
