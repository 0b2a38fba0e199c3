package io.restoredrill.core.history;

import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One drill's reports over a period, oldest first, and the series a history shows of them.
 *
 * @param reports never empty: a drill with no report in the period has no history
 */
public record DrillHistory(String drillName, List<StoredReport> reports) {

    /** How many tables a history follows row by row: the largest, so a page stays readable and small. */
    public static final int TABLES_SHOWN = 8;

    public DrillHistory {
        Objects.requireNonNull(drillName, "drillName");
        reports = reports.stream().sorted(Comparator.comparing((StoredReport r) -> r.report().startedAt())
                .thenComparing(StoredReport::location)).toList();
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("a drill history needs at least one report: " + drillName);
        }
    }

    public StoredReport latest() {
        return reports.get(reports.size() - 1);
    }

    public long passed() {
        return reports.stream().filter(r -> r.report().passed()).count();
    }

    public long failed() {
        return reports.size() - passed();
    }

    /** Passed runs as a share of all runs, 0..1. */
    public double passRate() {
        return (double) passed() / reports.size();
    }

    /** The newest failed run, when one failed in the period. */
    public Optional<StoredReport> lastFailure() {
        for (int i = reports.size() - 1; i >= 0; i--) {
            if (!reports.get(i).report().passed()) {
                return Optional.of(reports.get(i));
            }
        }
        return Optional.empty();
    }

    /** Seconds from the restore request to a usable database, for the runs whose restore completed. */
    public List<Point> restoreSeconds() {
        return series(r -> r.restore().isPresent() || r.timings().restoreMillis() > 0
                ? Optional.of(r.timings().restoreMillis() / 1000.0) : Optional.empty());
    }

    /** Seconds the row counts, the checks and the proofs took, for the runs that restored. */
    public List<Point> checkSeconds() {
        return series(r -> r.tables().isEmpty() && r.checks().isEmpty()
                ? Optional.empty() : Optional.of(r.timings().checksMillis() / 1000.0));
    }

    /** The chosen backup's age in hours when the drill chose it. */
    public List<Point> backupAgeHours() {
        return series(r -> r.backup().map(DrillReport.BackupSummary::ageHours));
    }

    /**
     * Rows per table over time, for the {@value #TABLES_SHOWN} tables with the most rows in any run, largest first.
     * A run that counted no table (it failed before) adds no point.
     */
    public Map<String, List<Point>> tableRows() {
        Map<String, Long> largest = reports.stream().flatMap(r -> r.report().tables().stream())
                .collect(Collectors.toMap(TableRowCount::qualifiedName, TableRowCount::rows, Math::max));
        List<String> shown = largest.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(TABLES_SHOWN).map(Map.Entry::getKey).toList();
        Map<String, List<Point>> rows = new LinkedHashMap<>();
        for (String table : shown) {
            rows.put(table, series(r -> r.tables().stream().filter(t -> t.qualifiedName().equals(table))
                    .findFirst().map(t -> (double) t.rows())));
        }
        return rows;
    }

    /** The runs that found a table shrunk against their baseline. */
    public List<ShrinkEvent> shrinkEvents() {
        return reports.stream().filter(r -> !r.report().shrinkage().isEmpty())
                .map(r -> new ShrinkEvent(r, r.report().shrinkage())).toList();
    }

    /** A run that found tables shrunk. */
    public record ShrinkEvent(StoredReport run, List<TableShrinkage> tables) {
        public ShrinkEvent {
            Objects.requireNonNull(run, "run");
            tables = List.copyOf(tables);
        }
    }

    private List<Point> series(Function<DrillReport, Optional<Double>> value) {
        return reports.stream().flatMap(r -> value.apply(r.report())
                .map(v -> new Point(r.report().startedAt(), v)).stream()).toList();
    }
}
