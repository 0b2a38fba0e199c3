package io.restoredrill.cli.history;

import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.history.FleetHistory;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;
import io.restoredrill.core.testing.SyntheticHistory;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The history page as a real headless Chromium renders it, offline. */
class HistoryPageBrowserTest {

    private static final Instant LAST_NIGHT = Instant.parse("2026-11-30T03:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final int DRILLS = 3;
    private static final int NIGHTS = 60;

    @TempDir
    static Path work;
    static List<DrillReport> reports;
    static HeadlessBrowser.Rendered page;

    @BeforeAll
    static void renderTheHistoryOfThreeDrills() throws Exception {
        reports = SyntheticHistory.reports(DRILLS, NIGHTS, LAST_NIGHT);
        List<StoredReport> stored = reports.stream().map(r -> new StoredReport("reports/" + r.drillId() + ".json", r))
                .toList();
        FleetHistory history = FleetHistory.of(new ReportArchive.Listing(stored, List.of()),
                NOW.minus(Duration.ofDays(90)), NOW, "reports/", NOW);
        Path file = work.resolve("history.html");
        Files.writeString(file, new HistoryPage(location -> location, "test").render(history));
        page = HeadlessBrowser.find().render(file, work);
    }

    @Test
    void logsNothingToTheConsoleAndLoadsNothingFromTheNetwork() {
        assertThat(page.console()).isEmpty();
        assertThat(page.dom().select("script, link[href], img, iframe, object, embed")).isEmpty();
        assertThat(page.dom().select("style").text()).doesNotContain("url(").doesNotContain("@import");
    }

    @Test
    void showsTheFleetsFigures() {
        long failures = reports.stream().filter(r -> !r.passed()).count();
        assertThat(page.dom().getElementById("fleet-drills").text()).isEqualTo("3");
        assertThat(page.dom().getElementById("fleet-runs").text()).isEqualTo(String.valueOf(DRILLS * NIGHTS));
        assertThat(page.dom().getElementById("fleet-pass-rate").text()).isEqualTo(String.format(java.util.Locale.ROOT,
                "%.1f%%", 100.0 * (DRILLS * NIGHTS - failures) / (DRILLS * NIGHTS)));
        assertThat(page.dom().select("#failing-now li")).extracting(Element::text)
                .singleElement().asString().startsWith("db-000");
        assertThat(page.dom().select("#slowest tr").first().text()).startsWith("db-002");
        assertThat(page.dom().select("header .meta").text()).contains("2026-09-02").contains("2026-12-01")
                .contains("generated 2026-12-01 09:00 UTC");
    }

    @Test
    void colorsEachDayOfTheCalendarByItsRuns() {
        for (int d = 0; d < DRILLS; d++) {
            Element calendar = drill(d).selectFirst("svg.calendar");
            Set<String> failedDays = new HashSet<>();
            Set<String> passedDays = new HashSet<>();
            for (int n = 0; n < NIGHTS; n++) {
                DrillReport r = SyntheticHistory.report(d, n, NIGHTS, LAST_NIGHT);
                String day = LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC).toString();
                (r.passed() ? passedDays : failedDays).add(day);
            }
            assertThat(calendar.select("rect.f").eachAttr("data-day")).containsExactlyInAnyOrderElementsOf(failedDays);
            assertThat(calendar.select("rect.p").eachAttr("data-day")).containsExactlyInAnyOrderElementsOf(passedDays);
            assertThat(calendar.select("rect")).hasSize(91); // 2026-09-02 .. 2026-12-01
        }
    }

    @Test
    void plotsEveryRunsRestoreTimeAtItsValue() {
        for (int d = 0; d < DRILLS; d++) {
            Element svg = drill(d).selectFirst("figure[data-chart=restore-time] svg");
            Element line = svg.selectFirst("polyline");
            assertThat(line.attr("data-count")).isEqualTo(String.valueOf(NIGHTS));
            double max = Double.parseDouble(svg.attr("data-max"));
            String[] points = line.attr("points").trim().split(" ");
            assertThat(points).hasSize(NIGHTS);
            for (int n = 0; n < NIGHTS; n++) {
                int y = Integer.parseInt(points[n].split(",")[1]);
                double value = (LineChart.TOP + LineChart.PLOT_HEIGHT - y) * max / LineChart.PLOT_HEIGHT;
                assertThat(value).as("drill %d night %d", d, n)
                        .isCloseTo(SyntheticHistory.restoreSeconds(d, n), within(max / LineChart.PLOT_HEIGHT));
            }
            // The time axis runs left to right: each night is further right than the one before.
            int previous = -1;
            for (String p : points) {
                int x = Integer.parseInt(p.split(",")[0]);
                assertThat(x).isGreaterThan(previous);
                previous = x;
            }
        }
    }

    @Test
    void marksTheShrinkOnTheShrunkTablesChartAndNamesTheLastFailure() {
        Element drill1 = drill(1);
        Elements tables = drill1.select("figure[data-chart=rows]");
        assertThat(tables).extracting(f -> f.selectFirst("figcaption").text())
                .containsExactly("app.orders", "app.events", "app.customers");
        Element events = tables.get(1);
        Instant shrinkAt = SyntheticHistory.startedAt(1, SyntheticHistory.SHRINK_NIGHT, NIGHTS, LAST_NIGHT);
        assertThat(events.select("g.marker").eachAttr("data-at")).containsExactly(shrinkAt.toString());
        assertThat(tables.get(0).select("g.marker")).isEmpty();
        assertThat(drill1.select("ul.shrinks li").text()).contains("app.events shrank from");
        assertThat(drill(0).selectFirst("p.failure").text()).contains("Last failure 2026-11-30 03:00 UTC")
                .contains("check orders-present failed");
        assertThat(drill(0).selectFirst("p.failure a").attr("href")).isEqualTo("reports/run-0-59.json");
    }

    @Test
    void drawsTheNewestRunsRestoreTimeObjective() {
        // SyntheticHistory gives drill 2 a 10-minute restore-time objective.
        Element objective = drill(2).selectFirst("figure[data-chart=restore-time] line.objective");
        assertThat(objective).isNotNull();
        assertThat(Double.parseDouble(objective.attr("data-value"))).isEqualTo(600.0);
        assertThat(drill(0).select("figure[data-chart=restore-time] line.objective")).isEmpty();
    }

    @Test
    void theConsoleCheckSeesAScriptError(@TempDir Path dir) throws Exception {
        // The check above would pass on any page if the browser logged nothing: show that it does log errors.
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, "<!DOCTYPE html><html><body><script>undefinedFunction()</script></body></html>");
        assertThat(HeadlessBrowser.find().render(broken, dir).console()).singleElement().asString()
                .contains("Uncaught ReferenceError");
    }

    private static Element drill(int d) {
        Element section = page.dom().selectFirst("section.drill[data-drill=" + SyntheticHistory.drillName(d) + "]");
        assertThat(section).as("section of drill %d", d).isNotNull();
        return section;
    }
}
