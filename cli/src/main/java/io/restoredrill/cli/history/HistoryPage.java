package io.restoredrill.cli.history;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.ObjectiveResult;
import io.restoredrill.core.domain.Objectives;
import io.restoredrill.core.history.DrillHistory;
import io.restoredrill.core.history.FleetHistory;
import io.restoredrill.core.history.Point;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The drill history as one self-contained HTML page: the fleet's summary on top, then each drill's pass/fail
 * calendar, its restore time, check time and backup age over time, its largest tables' rows with shrink events
 * marked, and its last failure with a link to the report. Inline CSS and SVG only, no script and nothing loaded
 * from the network: it opens offline, and it prints (an auditor saves it as PDF) as it shows.
 */
public final class HistoryPage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int RANKED = 5;

    private final Function<String, String> linkToReport;
    private final String version;

    /**
     * @param linkToReport turns a report's location into a link the page can carry (a relative path, a console URL)
     * @param version      the restore-drill version, shown with the generation time
     */
    public HistoryPage(Function<String, String> linkToReport, String version) {
        this.linkToReport = linkToReport;
        this.version = version;
    }

    public String render(FleetHistory history) {
        StringBuilder html = new StringBuilder(64 * 1024 + history.drills().size() * 40 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Restore drill history ").append(DAY.format(history.since())).append(" to ")
                .append(DAY.format(history.until())).append("</title><style>").append(STYLE).append("</style></head>")
                .append("<body><header><h1>Restore drill history</h1><p class=\"meta\">Period <b>")
                .append(DAY.format(history.since())).append("</b> to <b>").append(DAY.format(history.until()))
                .append("</b> (").append(history.period().toDays()).append(" days) · source <code>")
                .append(Html.escape(history.source())).append("</code> · generated ")
                .append(MINUTE.format(history.generatedAt())).append(" by restore-drill ")
                .append(Html.escape(version)).append("</p></header>");
        fleet(html, history);
        for (DrillHistory drill : history.drills()) {
            drill(html, drill, history.since(), history.until());
        }
        return html.append("</body></html>\n").toString();
    }

    private void fleet(StringBuilder html, FleetHistory history) {
        html.append("<section id=\"fleet\"><h2>Fleet</h2><dl class=\"kpis\">");
        kpi(html, "drills", "Drills", String.valueOf(history.drills().size()));
        kpi(html, "runs", "Runs", String.valueOf(history.runs()));
        kpi(html, "pass-rate", "Passed", history.passRate().map(HistoryPage::percent).orElse("no run"));
        kpi(html, "failing", "Failing now", String.valueOf(history.failingNow().size()));
        html.append("</dl>");
        if (!history.unreadable().isEmpty()) {
            html.append("<div class=\"warning\" id=\"unreadable\"><b>").append(history.unreadable().size())
                    .append(" report file(s) could not be read</b>; the history below lacks them:<ul>");
            for (ReportArchive.Unreadable u : history.unreadable()) {
                html.append("<li><code>").append(Html.escape(u.location())).append("</code>: ")
                        .append(Html.escape(u.reason())).append("</li>");
            }
            html.append("</ul></div>");
        }
        alarmTests(html, history);
        if (history.drills().isEmpty()) {
            html.append("<p class=\"warning\">No drill report in this period.</p></section>");
            return;
        }
        html.append("<div class=\"columns\">");
        ranked(html, "slowest", "Slowest restores", history.slowestRestores(RANKED), LineChart.Unit.SECONDS);
        ranked(html, "oldest", "Oldest backups (newest run)", history.oldestBackups(RANKED), LineChart.Unit.HOURS);
        html.append("<div><h3>Failing now</h3>");
        if (history.failingNow().isEmpty()) {
            html.append("<p>none: every drill's newest run passed</p>");
        } else {
            html.append("<ul id=\"failing-now\">");
            for (DrillHistory d : history.failingNow()) {
                html.append("<li><a href=\"#").append(anchor(d.drillName())).append("\">")
                        .append(Html.escape(d.drillName())).append("</a> since ")
                        .append(MINUTE.format(d.latest().report().startedAt())).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</div></div></section>");
    }

    /**
     * The fire drills of the alarms (restore-drill start --alarm-test): nights that failed on purpose to prove the
     * on-call path, listed apart from the drills and counted in no pass rate.
     */
    private static void alarmTests(StringBuilder html, FleetHistory history) {
        html.append("<div id=\"alarm-tests\"><h3>Alarm tests</h3>");
        if (history.alarmTests().isEmpty()) {
            html.append("<p>none in this period: the alarms' path to the on-call engineer was not tested"
                    + " (restore-drill start --alarm-test)</p></div>");
            return;
        }
        html.append("<p>Nights that failed on purpose, so that the failed-execution alarm reaches someone; not"
                + " backups that failed, and not counted above.</p><table>");
        for (AlarmTest.Record test : history.alarmTests()) {
            html.append("<tr class=\"alarm-test\" data-execution=\"").append(Html.escape(test.execution()))
                    .append("\"><td>").append(MINUTE.format(test.at())).append("</td><td><code>")
                    .append(Html.escape(test.execution())).append("</code></td><td>")
                    .append(test.failedAsMeant() ? "failed as meant: the ExecutionsFailed alarm fires on it"
                            : "did not fail: the alarm was not exercised")
                    .append("</td></tr>");
        }
        html.append("</table></div>");
    }

    private static void kpi(StringBuilder html, String id, String label, String value) {
        html.append("<div><dt>").append(label).append("</dt><dd id=\"fleet-").append(id).append("\">")
                .append(Html.escape(value)).append("</dd></div>");
    }

    private static void ranked(StringBuilder html, String id, String title, List<FleetHistory.Ranked> ranked,
                               LineChart.Unit unit) {
        html.append("<div><h3>").append(title).append("</h3><table id=\"").append(id).append("\">");
        for (FleetHistory.Ranked r : ranked) {
            html.append("<tr><td><a href=\"#").append(anchor(r.drillName())).append("\">")
                    .append(Html.escape(r.drillName())).append("</a></td><td class=\"num\">")
                    .append(Html.escape(unit.format(r.point().value()))).append("</td><td>")
                    .append(DAY.format(r.point().at())).append("</td></tr>");
        }
        html.append("</table></div>");
    }

    private void drill(StringBuilder html, DrillHistory drill, Instant since, Instant until) {
        StoredReport latest = drill.latest();
        boolean passing = latest.report().passed();
        html.append("<section class=\"drill\" id=\"").append(anchor(drill.drillName())).append("\" data-drill=\"")
                .append(Html.escape(drill.drillName())).append("\"><h2>").append(Html.escape(drill.drillName()))
                .append(" <span class=\"badge ").append(passing ? "pass\">passing" : "fail\">failing")
                .append("</span></h2><p class=\"meta\">").append(drill.reports().size()).append(" runs, ")
                .append(drill.passed()).append(" passed (").append(percent(drill.passRate()))
                .append("), newest ").append(MINUTE.format(latest.report().startedAt())).append(" (<a href=\"")
                .append(Html.escape(linkToReport.apply(latest.location()))).append("\">report</a>)</p>");
        html.append(PassCalendar.render(drill, since, until));
        drill.lastFailure().ifPresent(f -> html.append("<p class=\"failure\"><b>Last failure</b> ")
                .append(MINUTE.format(f.report().startedAt())).append(": ")
                .append(Html.escape(f.report().failureReason().orElse(""))).append(" (<a href=\"")
                .append(Html.escape(linkToReport.apply(f.location()))).append("\">report</a>)</p>"));
        List<LineChart.Marker> shrinks = drill.shrinkEvents().stream().map(e -> new LineChart.Marker(
                e.run().report().startedAt(), "shrink: " + String.join(", ", e.tables().stream()
                .map(t -> t.describe()).toList()))).toList();
        html.append("<div class=\"charts\">");
        // The newest run's objective: the line the restore times are read against.
        Optional<Double> objective = latest.report().objectives().stream()
                .filter(o -> o.name().equals(Objectives.RESTORE_TIME)).map(ObjectiveResult::targetSeconds).findFirst();
        html.append(new LineChart("restore-time", "Restore time" + objective.map(o -> " (dashed: the objective)")
                .orElse(""), LineChart.Unit.SECONDS, since, until)
                .render(List.of(new LineChart.Series("restore", drill.restoreSeconds())), List.of(), objective));
        html.append(new LineChart("check-time", "Checks and proofs", LineChart.Unit.SECONDS, since, until)
                .render(List.of(new LineChart.Series("checks", drill.checkSeconds())), List.of(), Optional.empty()));
        html.append(new LineChart("backup-age", "Backup age when restored (hours)", LineChart.Unit.HOURS, since, until)
                .render(List.of(new LineChart.Series("age", drill.backupAgeHours())), List.of(), Optional.empty()));
        html.append("</div><h3>Rows per table</h3><div class=\"charts tables\">");
        for (Map.Entry<String, List<Point>> table : drill.tableRows().entrySet()) {
            List<LineChart.Marker> own = new ArrayList<>();
            drill.shrinkEvents().stream().filter(e -> e.tables().stream()
                    .anyMatch(t -> t.table().equals(table.getKey()))).forEach(e -> own.add(new LineChart.Marker(
                    e.run().report().startedAt(), "shrink of " + table.getKey())));
            html.append(new LineChart("rows", table.getKey(), LineChart.Unit.ROWS, since, until)
                    .render(List.of(new LineChart.Series(table.getKey(), table.getValue())), own, Optional.empty()));
        }
        if (drill.tableRows().isEmpty()) {
            html.append("<p>No run counted any table.</p>");
        }
        html.append("</div>");
        if (!shrinks.isEmpty()) {
            html.append("<ul class=\"shrinks\">");
            for (LineChart.Marker m : shrinks) {
                html.append("<li>").append(DAY.format(m.at())).append(": ").append(Html.escape(m.label()))
                        .append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</section>");
    }

    static String anchor(String drillName) {
        return "drill-" + drillName.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:24px auto;\
            max-width:1400px;padding:0 16px}
            h1{font-size:22px;margin:0}h2{font-size:18px;margin:0 0 4px}h3{font-size:14px;margin:12px 0 4px}
            .meta{color:#57606a;margin:2px 0 8px}code{font-size:12px}
            section{border-top:1px solid #d0d7de;padding:12px 0;break-inside:avoid;page-break-inside:avoid}
            .kpis{display:flex;gap:32px;margin:8px 0}.kpis dt{color:#57606a;font-size:12px}\
            .kpis dd{margin:0;font-size:24px;font-weight:600}
            .columns{display:flex;gap:40px;flex-wrap:wrap}table{border-collapse:collapse}\
            td{padding:1px 8px 1px 0}.num{text-align:right}
            .warning{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px}
            .badge{font-size:12px;padding:1px 8px;border-radius:10px;vertical-align:middle;color:#fff}
            .badge.pass{background:#1a7f37}.badge.fail{background:#cf222e}
            .failure{background:#ffebe9;border-left:3px solid #cf222e;padding:4px 8px}
            svg.calendar{width:auto;height:auto;max-width:100%;display:block}
            .calendar rect{width:9px;height:9px}.calendar .p{fill:#2da44e}.calendar .f{fill:#cf222e}.calendar .n{fill:#eaeef2}
            .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:8px 16px}
            figure{margin:0}figcaption{font-size:12px;color:#57606a}svg{width:100%;height:auto}
            polyline{fill:none;stroke-width:1.5}.axis{stroke:#8c959f;fill:none}.grid{stroke:#eaeef2}
            .tick{font-size:10px;fill:#57606a}.objective{stroke:#cf222e;stroke-dasharray:4 3}
            .marker line{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:2 2}
            .s0{stroke:#0969da;fill:#0969da}.s1{stroke:#8250df;fill:#8250df}.s2{stroke:#bf3989;fill:#bf3989}\
            .s3{stroke:#1a7f37;fill:#1a7f37}.s4{stroke:#9a6700;fill:#9a6700}.s5{stroke:#57606a;fill:#57606a}
            polyline.s0,polyline.s1,polyline.s2,polyline.s3,polyline.s4,polyline.s5{fill:none}
            .legend{list-style:none;padding:0;margin:0;font-size:11px;display:flex;gap:12px}
            @media print{body{margin:0;max-width:none;font-size:11px}a{color:inherit;text-decoration:none}\
            .charts{grid-template-columns:repeat(3,1fr)}}
            """;
}
