package io.restoredrill.core.testing;

import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.history.ReportLayout;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Generated drill reports for history tests and the history benchmark: {@code drills} drills, one run a night for
 * {@code nights} nights up to {@code lastNight}. Deterministic, so a test can compute what a history must show:
 * <ul>
 *   <li>drill {@code d}'s restore on night {@code n} (0 = oldest) takes {@link #restoreSeconds} seconds: it grows
 *       over the period;</li>
 *   <li>every drill fails on the nights where {@code (n + d) % 17 == 16} (a check failed), and drill 0's newest
 *       night fails too;</li>
 *   <li>table {@code app.events} of drill 1 loses 60% of its rows on night {@link #SHRINK_NIGHT} (shrinkage);</li>
 *   <li>each drill has three tables; {@code app.orders} grows by 100 rows a night;</li>
 *   <li>drill 2 has a restore-time objective of 10 minutes.</li>
 * </ul>
 */
public final class SyntheticHistory {

    public static final int SHRINK_NIGHT = 20;

    private SyntheticHistory() {
    }

    public static String drillName(int d) {
        return String.format("db-%03d", d);
    }

    public static double restoreSeconds(int drill, int night) {
        return 300 + 10 * drill + 3 * night;
    }

    public static boolean fails(int drill, int night, int nights) {
        return (night + drill) % 17 == 16 || (drill == 0 && night == nights - 1);
    }

    public static Instant startedAt(int drill, int night, int nights, Instant lastNight) {
        return lastNight.minus(Duration.ofDays(nights - 1L - night)).plusSeconds(drill * 7L);
    }

    public static long orderRows(int night) {
        return 10_000 + 100L * night;
    }

    public static List<DrillReport> reports(int drills, int nights, Instant lastNight) {
        List<DrillReport> reports = new ArrayList<>(drills * nights);
        for (int d = 0; d < drills; d++) {
            for (int n = 0; n < nights; n++) {
                reports.add(report(d, n, nights, lastNight));
            }
        }
        return reports;
    }

    public static DrillReport report(int d, int n, int nights, Instant lastNight) {
        Instant started = startedAt(d, n, nights, lastNight);
        boolean shrunk = d == 1 && n == SHRINK_NIGHT;
        long events = shrunk ? 2_000 : 5_000 + 10L * n;
        List<TableRowCount> tables = List.of(new TableRowCount("app", "orders", orderRows(n)),
                new TableRowCount("app", "events", events), new TableRowCount("app", "customers", 1_000 + d));
        List<TableShrinkage> shrinkage = shrunk
                ? List.of(new TableShrinkage("app.events", 5_000 + 10L * (n - 1), Optional.of(events),
                (5_000 + 10.0 * (n - 1) - events) / (5_000 + 10.0 * (n - 1))))
                : List.of();
        boolean checkFailed = fails(d, n, nights);
        Verdict verdict = checkFailed || shrunk ? Verdict.FAILED : Verdict.PASSED;
        Optional<String> reason = shrunk ? Optional.of(shrinkage.get(0).describe() + " against baseline")
                : checkFailed ? Optional.of("check orders-present failed: value 0 does not satisfy > 0")
                : Optional.empty();
        long restoreMillis = (long) (restoreSeconds(d, n) * 1000);
        Instant backupTaken = started.minus(Duration.ofHours(3 + (d % 5)));
        DrillReport.BackupSummary backup = new DrillReport.BackupSummary("s3://backups/" + drillName(d) + "/dump.sql.gz",
                "dump.sql.gz", 1_000_000, backupTaken, BackupRef.TimestampSource.FILE_NAME, BackupFormat.GZIP_SQL,
                3 + (d % 5));
        return new DrillReport("run-" + d + "-" + n, drillName(d), verdict, reason, "s3://backups/" + drillName(d) + "/",
                Optional.of(backup), Optional.of("embedded PostgreSQL 17"), started,
                new DrillReport.Timings(restoreMillis, 20_000 + n * 10L, restoreMillis + 25_000),
                Optional.of(new RestoreStats(1_000_000, 16_000, 120)), List.of(), tables, shrinkage)
                .withObjectives(d == 2 ? new io.restoredrill.core.domain.Objectives(
                        Optional.of(Duration.ofMinutes(10)), Optional.empty()).judge(restoreMillis,
                        Optional.of(Duration.ofHours(3 + (d % 5))), List.of()) : List.of());
    }

    /** Writes the reports below {@code folder} in the history layout; returns the folder. */
    public static Path writeTo(Path folder, List<DrillReport> reports) {
        reports.parallelStream().forEach(r -> ReportJson.write(r,
                folder.resolve(ReportLayout.datedPath(r.drillName(), r.startedAt(), r.drillId()))));
        return folder;
    }
}
