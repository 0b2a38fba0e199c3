package io.restoredrill.core.drill;

import io.restoredrill.core.domain.Objectives;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.Tolerances;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to drill.
 *
 * @param drillName  a short name for reports and logs (e.g. the database name)
 * @param checks     health checks to run after the restore, in order
 * @param maxAge     the newest backup must be younger than this, when given
 * @param baseline   row counts of an earlier drill to compare against, when given
 * @param maxShrink  allowed lost fraction of a table's rows against the baseline, 0..1 (0.10 = 10%)
 * @param proofs     the proofs beyond the checks (integrity, full read, schema, freshness) and their budgets
 * @param tables     per-table overrides of {@code maxShrink}, by table name (the checks file's {@code tables:})
 * @param objectives the restore-time and recovery-point objectives the report judges
 */
public record DrillCommand(
        String drillName,
        List<HealthCheck> checks,
        Optional<Duration> maxAge,
        Optional<Baseline> baseline,
        double maxShrink,
        ProofSettings proofs,
        Map<String, Double> tables,
        Objectives objectives) {

    public static final double DEFAULT_MAX_SHRINK = 0.10;

    /** A drill with the local proofs' defaults ({@link ProofSettings#localDefaults()}). */
    public DrillCommand(String drillName, List<HealthCheck> checks, Optional<Duration> maxAge,
                        Optional<Baseline> baseline, double maxShrink) {
        this(drillName, checks, maxAge, baseline, maxShrink, ProofSettings.localDefaults());
    }

    /** A drill with one tolerance for every table. */
    public DrillCommand(String drillName, List<HealthCheck> checks, Optional<Duration> maxAge,
                        Optional<Baseline> baseline, double maxShrink, ProofSettings proofs) {
        this(drillName, checks, maxAge, baseline, maxShrink, proofs, Map.of());
    }

    /** A drill without objectives. */
    public DrillCommand(String drillName, List<HealthCheck> checks, Optional<Duration> maxAge,
                        Optional<Baseline> baseline, double maxShrink, ProofSettings proofs, Map<String, Double> tables) {
        this(drillName, checks, maxAge, baseline, maxShrink, proofs, tables, Objectives.none());
    }

    public DrillCommand {
        Objects.requireNonNull(drillName, "drillName");
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(proofs, "proofs");
        checks = List.copyOf(checks);
        tables = Map.copyOf(tables);
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            throw new IllegalArgumentException("max age must be positive");
        }
        if (!(maxShrink >= 0 && maxShrink <= 1)) {
            throw new IllegalArgumentException("max shrink must be between 0% and 100%");
        }
        new Tolerances(maxShrink, tables); // refuses an override outside 0..1
    }

    /** How much each table may shrink: {@code maxShrink}, and the overrides of {@code tables}. */
    public Tolerances tolerances() {
        return new Tolerances(maxShrink, tables);
    }
}
