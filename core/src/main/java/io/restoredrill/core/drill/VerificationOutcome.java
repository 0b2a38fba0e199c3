package io.restoredrill.core.drill;

import io.restoredrill.core.domain.BaselineOrigin;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.GuardrailAudit;
import io.restoredrill.core.domain.Objectives;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.RecoveryPoint;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one verification found ({@link Verification}): everything a report is made of, but for what the path adds
 * (the drill's id, its start as the path counts it, the guardrail audit).
 *
 * @param source       the backup's source, described
 * @param backup       the backup chosen, when the subject had a choice and a backup was found
 * @param target       the database proven (or the server it was to be on), described
 * @param restore      what the load loaded, when it completed
 * @param loadMillis   how long the load took (0 when there was none)
 * @param loadedAt     when the load finished, when it completed
 * @param checksMillis how long the row counts, the checks and the further proofs took
 * @param proofs       the proofs that ran (integrity, full read, schema), in the order they were judged
 * @param schema       the restored schema's fingerprint, when it was taken
 * @param failures     every failure, in the order a report shows them: one that stopped the pipeline first
 * @param abortedBy    the failure that stopped the pipeline before it was done, when one did
 * @param baseline     the baseline the counts and schema were compared with, when there was one
 * @param freshness    the recovery point of each freshness entry, when the plan has any
 * @param backupTakenAt the backup's own timestamp, when known: the recovery point objective's reference where
 *                     no backup was chosen (a snapshot)
 * @param objectives   the plan's objectives, judged when the report is made (the path counts the restore time)
 */
public record VerificationOutcome(String drillName, String source, Optional<Verification.ChosenBackup> backup,
                                  Optional<String> target, Optional<RestoreStats> restore, long loadMillis,
                                  Optional<Instant> loadedAt, long checksMillis, List<CheckResult> checks,
                                  List<TableRowCount> tables, List<TableShrinkage> shrinkage,
                                  List<ProofResult> proofs, Optional<SchemaFingerprint> schema,
                                  List<String> failures, Optional<RuntimeException> abortedBy,
                                  Optional<BaselineOrigin> baseline, List<RecoveryPoint> freshness,
                                  Optional<Instant> backupTakenAt, Objectives objectives) {

    public VerificationOutcome {
        Objects.requireNonNull(backupTakenAt, "backupTakenAt");
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(baseline, "baseline");
        freshness = List.copyOf(freshness);
        proofs = List.copyOf(proofs);
        checks = List.copyOf(checks);
        tables = List.copyOf(tables);
        shrinkage = List.copyOf(shrinkage);
        failures = List.copyOf(failures);
    }

    public Verdict verdict() {
        return failures.isEmpty() ? Verdict.PASSED : Verdict.FAILED;
    }

    /** Every failure, joined as the report and the state document show them. */
    public Optional<String> failureReason() {
        return failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
    }

    public int checksFailed() {
        return (int) checks.stream().filter(c -> !c.passed()).count();
    }

    /**
     * The drill's report.
     *
     * @param drillId       the drill's run: a random id locally, the execution on AWS
     * @param startedAt     when the drill started, as the path counts it
     * @param restoreMillis the restore time, as the path counts it
     * @param finished      when the drill finished
     * @param audit         the guardrail audit, on the AWS path
     */
    public DrillReport report(String drillId, Instant startedAt, long restoreMillis, Instant finished,
                              Optional<GuardrailAudit> audit) {
        return new DrillReport(drillId, drillName, verdict(), failureReason(), source,
                backup.map(Verification.ChosenBackup::summary), target, startedAt,
                new DrillReport.Timings(restoreMillis, checksMillis,
                        Math.max(0, Duration.between(startedAt, finished).toMillis())),
                restore, checks, tables, shrinkage, audit).withProofs(proofs, schema)
                .withBaselineAndFreshness(baseline, freshness)
                .withObjectives(objectives.judge(restoreMillis, backup.map(Verification.ChosenBackup::age)
                        .or(() -> backupTakenAt.map(t -> Duration.between(t, startedAt))), freshness));
    }
}
