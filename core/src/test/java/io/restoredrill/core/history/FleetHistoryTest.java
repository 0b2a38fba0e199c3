package io.restoredrill.core.history;

import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;
import io.restoredrill.core.testing.SyntheticHistory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetHistoryTest {

    private static final Instant LAST_NIGHT = Instant.parse("2026-11-30T03:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    private static FleetHistory history(int drills, int nights, Duration period) {
        List<StoredReport> stored = SyntheticHistory.reports(drills, nights, LAST_NIGHT).stream()
                .map(r -> new StoredReport("mem:" + r.drillId(), r)).toList();
        return FleetHistory.of(new ReportArchive.Listing(stored, List.of()), NOW.minus(period), NOW, "memory", NOW);
    }

    @Test
    void countsRunsAndPassesPerDrillAndForTheFleet() {
        FleetHistory fleet = history(3, 40, Duration.ofDays(90));

        assertThat(fleet.drills()).extracting(DrillHistory::drillName).containsExactly("db-000", "db-001", "db-002");
        assertThat(fleet.runs()).isEqualTo(120);
        long expectedFailures = 0;
        for (int d = 0; d < 3; d++) {
            for (int n = 0; n < 40; n++) {
                if (SyntheticHistory.fails(d, n, 40) || (d == 1 && n == SyntheticHistory.SHRINK_NIGHT)) {
                    expectedFailures++;
                }
            }
        }
        long failures = expectedFailures;
        assertThat(fleet.passedRuns()).isEqualTo(120 - failures);
        assertThat(fleet.passRate()).hasValueSatisfying(rate -> assertThat(rate).isEqualTo((120.0 - failures) / 120));
        assertThat(fleet.failingNow()).extracting(DrillHistory::drillName).containsExactly("db-000");
    }

    @Test
    void keepsOnlyTheReportsOfThePeriodInTimeOrder() {
        FleetHistory fleet = history(2, 40, Duration.ofDays(10));

        // From 2026-11-21 09:00: the nights (03:00) of 11-22 to 11-30.
        DrillHistory first = fleet.drills().get(0);
        assertThat(first.reports()).hasSize(9);
        assertThat(first.reports()).extracting(r -> r.report().startedAt()).isSorted()
                .allMatch(at -> !at.isBefore(NOW.minus(Duration.ofDays(10))));
    }

    @Test
    void seriesCarryEachRunsFiguresAndShrinkEventsNameTheirTables() {
        DrillHistory drill = history(2, 40, Duration.ofDays(90)).drills().get(1);

        assertThat(drill.restoreSeconds()).hasSize(40);
        assertThat(drill.restoreSeconds().get(5).value()).isEqualTo(SyntheticHistory.restoreSeconds(1, 5));
        assertThat(drill.backupAgeHours()).allMatch(p -> p.value() == 4.0);
        assertThat(drill.tableRows().keySet()).containsExactly("app.orders", "app.events", "app.customers");
        assertThat(drill.tableRows().get("app.orders").get(39).value()).isEqualTo(SyntheticHistory.orderRows(39));
        assertThat(drill.shrinkEvents()).singleElement().satisfies(e -> {
            assertThat(e.run().report().startedAt())
                    .isEqualTo(SyntheticHistory.startedAt(1, SyntheticHistory.SHRINK_NIGHT, 40, LAST_NIGHT));
            assertThat(e.tables()).extracting(t -> t.table()).containsExactly("app.events");
        });
        assertThat(drill.lastFailure()).isPresent();
    }

    @Test
    void ranksTheSlowestRestoresAndTheOldestBackups() {
        FleetHistory fleet = history(7, 30, Duration.ofDays(90));

        // The restore time grows with the drill's number and the night: the last drill's newest night is slowest.
        assertThat(fleet.slowestRestores(3)).extracting(FleetHistory.Ranked::drillName)
                .containsExactly("db-006", "db-005", "db-004");
        assertThat(fleet.slowestRestores(1).get(0).point().value()).isEqualTo(SyntheticHistory.restoreSeconds(6, 29));
        // Backup age is 3 + (d % 5) hours: drill 4 has the oldest (7 h), then 3 (6 h).
        assertThat(fleet.oldestBackups(2)).extracting(FleetHistory.Ranked::drillName).containsExactly("db-004", "db-003");
    }

    @Test
    void aFailedRunWithoutARestoreAddsNoRestorePoint() {
        DrillReport base = SyntheticHistory.report(0, 0, 1, LAST_NIGHT);
        DrillReport noRestore = new DrillReport("x", base.drillName(), io.restoredrill.core.domain.Verdict.FAILED,
                java.util.Optional.of("no backup found"), base.source(), java.util.Optional.empty(),
                java.util.Optional.empty(), LAST_NIGHT, new DrillReport.Timings(0, 0, 10), java.util.Optional.empty(),
                List.of(), List.of(), List.of());
        DrillHistory drill = new DrillHistory("db-000", List.of(new StoredReport("a", base),
                new StoredReport("b", noRestore)));

        assertThat(drill.restoreSeconds()).hasSize(1);
        assertThat(drill.backupAgeHours()).hasSize(1);
        assertThat(drill.lastFailure()).map(StoredReport::location).hasValue("b");
    }

    @Test
    void findsTheDayFolderOfAReportPath() {
        Instant since = Instant.parse("2026-11-10T12:00:00Z");
        assertThat(ReportLayout.inDayBefore("db/2026/11/09/x.json", since)).isTrue();
        assertThat(ReportLayout.inDayBefore("db/2026/11/10/x.json", since)).isFalse();
        assertThat(ReportLayout.inDayBefore("db/2026/12/01/x.json", since)).isFalse();
        assertThat(ReportLayout.inDayBefore("flat-report.json", since)).isFalse();
        assertThat(ReportLayout.inDayBefore("some/other/folder/x.json", since)).isFalse();
        assertThat(ReportLayout.inDayFolderBefore("db/2026/11/09", since)).isTrue();
        assertThat(ReportLayout.inDayFolderBefore("db/2026/11/10", since)).isFalse();
        assertThat(ReportLayout.inDayFolderBefore("db/2026/10", since)).isTrue();
        assertThat(ReportLayout.inDayFolderBefore("db/2026/11", since)).isFalse();
        assertThat(ReportLayout.inDayFolderBefore("db/2025", since)).isTrue();
        assertThat(ReportLayout.inDayFolderBefore("db/2026", since)).isFalse();
        assertThat(ReportLayout.inDayFolderBefore("db", since)).isFalse();
        assertThat(ReportLayout.inDayFolderBefore("db/archive/old", since)).isFalse();
        assertThat(ReportLayout.datedPath("my drill/x", Instant.parse("2026-11-09T23:59:00Z"), "a:b"))
                .isEqualTo("my_drill_x/2026/11/09/a_b.json");
    }
}
