package io.restoredrill.core.history;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every drill's history over one period, and what the fleet's summary shows: how many drills, how often they
 * passed, the slowest restores, the oldest backups.
 *
 * @param source      where the reports were read, described
 * @param generatedAt when this history was computed
 * @param drills      by drill name
 * @param unreadable  files that looked like reports and could not be read: gaps in the evidence
 * @param alarmTests  the period's alarm tests, newest first: fire drills of the alarms, not backups that failed, so
 *                    no drill's history and no pass rate counts them
 */
public record FleetHistory(Instant since, Instant until, String source, Instant generatedAt,
                           List<DrillHistory> drills, List<ReportArchive.Unreadable> unreadable,
                           List<AlarmTest.Record> alarmTests) {

    /** A history without alarm tests. */
    public FleetHistory(Instant since, Instant until, String source, Instant generatedAt, List<DrillHistory> drills,
                        List<ReportArchive.Unreadable> unreadable) {
        this(since, until, source, generatedAt, drills, unreadable, List.of());
    }

    public FleetHistory {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(generatedAt, "generatedAt");
        drills = drills.stream().sorted(Comparator.comparing(DrillHistory::drillName)).toList();
        unreadable = List.copyOf(unreadable);
        alarmTests = alarmTests.stream().sorted(Comparator.comparing(AlarmTest.Record::at).reversed()).toList();
    }

    /** The history of the reports an archive listed, grouped by drill. */
    public static FleetHistory of(ReportArchive.Listing listing, Instant since, Instant until, String source,
                                  Instant generatedAt) {
        Map<String, List<StoredReport>> byDrill = listing.reports().stream()
                .filter(r -> !r.report().startedAt().isBefore(since) && !r.report().startedAt().isAfter(until))
                .collect(Collectors.groupingBy(r -> r.report().drillName(), TreeMap::new, Collectors.toList()));
        List<DrillHistory> drills = byDrill.entrySet().stream()
                .map(e -> new DrillHistory(e.getKey(), e.getValue())).toList();
        List<AlarmTest.Record> alarmTests = listing.alarmTests().stream()
                .filter(a -> !a.at().isBefore(since) && !a.at().isAfter(until)).toList();
        return new FleetHistory(since, until, source, generatedAt, drills, listing.unreadable(), alarmTests);
    }

    public long runs() {
        return drills.stream().mapToLong(d -> d.reports().size()).sum();
    }

    public long passedRuns() {
        return drills.stream().mapToLong(DrillHistory::passed).sum();
    }

    /** Passed runs as a share of all runs in the period, 0..1; empty when there was no run. */
    public Optional<Double> passRate() {
        long runs = runs();
        return runs == 0 ? Optional.empty() : Optional.of((double) passedRuns() / runs);
    }

    /** The drills whose newest run failed. */
    public List<DrillHistory> failingNow() {
        return drills.stream().filter(d -> !d.latest().report().passed()).toList();
    }

    /** The {@code n} longest restores of the period, longest first, one per drill (its longest). */
    public List<Ranked> slowestRestores(int n) {
        return drills.stream().flatMap(d -> d.restoreSeconds().stream()
                        .max(Comparator.comparingDouble(Point::value))
                        .map(p -> new Ranked(d.drillName(), p)).stream())
                .sorted(Comparator.comparingDouble((Ranked r) -> r.point().value()).reversed()
                        .thenComparing(Ranked::drillName))
                .limit(n).toList();
    }

    /** The {@code n} drills whose newest run found the oldest backup, oldest first. */
    public List<Ranked> oldestBackups(int n) {
        return drills.stream().flatMap(d -> d.backupAgeHours().stream().reduce((a, b) -> b)
                        .map(p -> new Ranked(d.drillName(), p)).stream())
                .sorted(Comparator.comparingDouble((Ranked r) -> r.point().value()).reversed()
                        .thenComparing(Ranked::drillName))
                .limit(n).toList();
    }

    public Duration period() {
        return Duration.between(since, until);
    }

    /** A drill and the value it is ranked by. */
    public record Ranked(String drillName, Point point) {
        public Ranked {
            Objects.requireNonNull(drillName, "drillName");
            Objects.requireNonNull(point, "point");
        }
    }
}
