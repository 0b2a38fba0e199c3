package io.restoredrill.cli.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restoredrill.core.history.DrillHistory;
import io.restoredrill.core.history.FleetHistory;
import io.restoredrill.core.history.Point;
import io.restoredrill.core.port.ReportArchive;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The history's figures as JSON ({@code history --json}): what the page shows, for other tools. */
public final class HistoryJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new Jdk8Module())
            .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private HistoryJson() {
    }

    record Fleet(Instant since, Instant until, String source, Instant generatedAt, int drills, long runs,
                 Optional<Double> passRate, List<String> failingNow, List<ReportArchive.Unreadable> unreadable,
                 List<AlarmTestRun> alarmTests, List<Drill> drillHistories) {
    }

    record AlarmTestRun(Instant at, String execution, boolean failedAsMeant, String reason) {
    }

    record Drill(String drill, int runs, long passed, double passRate, Run latest, Optional<Run> lastFailure,
                 List<Point> restoreSeconds, List<Point> checkSeconds, List<Point> backupAgeHours,
                 Map<String, List<Point>> tableRows, List<Shrink> shrinkEvents) {
    }

    record Run(Instant startedAt, String verdict, Optional<String> failureReason, String report) {
    }

    record Shrink(Instant at, List<String> tables, String report) {
    }

    public static String toJson(FleetHistory history) {
        Fleet fleet = new Fleet(history.since(), history.until(), history.source(), history.generatedAt(),
                history.drills().size(), history.runs(), history.passRate(),
                history.failingNow().stream().map(DrillHistory::drillName).toList(), history.unreadable(),
                history.alarmTests().stream().map(a -> new AlarmTestRun(a.at(), a.execution(), a.failedAsMeant(),
                        a.reason())).toList(),
                history.drills().stream().map(HistoryJson::drill).toList());
        try {
            return MAPPER.writeValueAsString(fleet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the history: " + e.getOriginalMessage(), e);
        }
    }

    private static Drill drill(DrillHistory d) {
        return new Drill(d.drillName(), d.reports().size(), d.passed(), d.passRate(), run(d.latest()),
                d.lastFailure().map(HistoryJson::run), d.restoreSeconds(), d.checkSeconds(), d.backupAgeHours(),
                d.tableRows(), d.shrinkEvents().stream().map(e -> new Shrink(e.run().report().startedAt(),
                e.tables().stream().map(t -> t.table()).toList(), e.run().location())).toList());
    }

    private static Run run(io.restoredrill.core.domain.StoredReport r) {
        return new Run(r.report().startedAt(), r.report().verdict().name(), r.report().failureReason(),
                r.location());
    }
}
