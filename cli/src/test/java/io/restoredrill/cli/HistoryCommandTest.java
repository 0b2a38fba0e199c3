package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.history.AlarmTestJson;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.testing.SyntheticHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

import static io.restoredrill.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code restore-drill history} end to end: reports of a real drill and generated ones, the page and the JSON. */
class HistoryCommandTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "shop");

    @Test
    void keepsARealDrillsReportInTheHistoryFolderAndShowsIt(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");

        RunCommandTest.Result drill = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--no-proofs", "--history", history.toString());
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        Path kept;
        try (Stream<Path> files = Files.walk(history)) {
            kept = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        String today = Instant.now().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10).replace('-', '/');
        assertThat(history.relativize(kept).toString()).startsWith("shop/" + today + "/");

        RunCommandTest.Result result = run("history", "--reports", history.toString(),
                "--html", dir.resolve("page.html").toString(), "--json", dir.resolve("history.json").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("1 drills, 1 runs");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("history.json").toFile());
        assertThat(json.at("/runs").asLong()).isEqualTo(1);
        assertThat(json.at("/drillHistories/0/drill").asText()).isEqualTo("shop");
        assertThat(json.at("/drillHistories/0/latest/verdict").asText()).isEqualTo("PASSED");
        assertThat(json.at("/drillHistories/0/tableRows/shop.orders/0/value").asDouble()).isEqualTo(10_000);
        String page = Files.readString(dir.resolve("page.html"));
        assertThat(page).contains("data-drill=\"shop\"").contains("href=\"history/shop/" + today + "/");
    }

    @Test
    void writesThePageOfAGeneratedHistoryForOneDrillAndPeriod(@TempDir Path dir) throws Exception {
        Path reports = SyntheticHistory.writeTo(dir.resolve("reports"),
                SyntheticHistory.reports(4, 30, Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS)));

        RunCommandTest.Result result = run("history", "--reports", reports.toString(), "--drill", "db-002",
                "--since", "10d", "--json", dir.resolve("h.json").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("h.json").toFile());
        assertThat(json.at("/drills").asInt()).isEqualTo(1);
        assertThat(json.at("/drillHistories/0/drill").asText()).isEqualTo("db-002");
        assertThat(json.at("/drillHistories/0/runs").asInt()).isBetween(9, 10);
    }

    @Test
    void showsAlarmTestsApartFromTheDrillsAndCountsThemInNoPassRate(@TempDir Path dir) throws Exception {
        Instant lastNight = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        Path reports = SyntheticHistory.writeTo(dir.resolve("reports"), SyntheticHistory.reports(1, 3, lastNight));
        AlarmTest.Record test = new AlarmTest.Record("alarm-test-monthly", lastNight.plus(7, ChronoUnit.HOURS),
                Verdict.FAILED, AlarmTest.REASON);
        Path record = reports.resolve(AlarmTest.path(test.at(), test.execution()));
        Files.createDirectories(record.getParent());
        Files.writeString(record, AlarmTestJson.toJson(test).toString());

        RunCommandTest.Result result = run("history", "--reports", reports.toString(), "--since", "10d",
                "--html", dir.resolve("h.html").toString(), "--json", dir.resolve("h.json").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("h.json").toFile());
        assertThat(json.at("/alarmTests/0/execution").asText()).isEqualTo("alarm-test-monthly");
        assertThat(json.at("/alarmTests/0/failedAsMeant").asBoolean()).isTrue();
        assertThat(json.at("/drills").asInt()).isEqualTo(1);
        assertThat(json.at("/runs").asInt()).isEqualTo(3);
        String page = Files.readString(dir.resolve("h.html"));
        assertThat(page).contains("<div id=\"alarm-tests\"><h3>Alarm tests</h3>")
                .contains("data-execution=\"alarm-test-monthly\"").contains("failed as meant");
    }

    @Test
    void writesThePageButExitsOneWhenAReportCannotBeRead(@TempDir Path dir) throws Exception {
        Path reports = SyntheticHistory.writeTo(dir.resolve("reports"),
                SyntheticHistory.reports(1, 3, Instant.now().truncatedTo(ChronoUnit.DAYS)));
        Path broken = reports.resolve("db-000/broken.json");
        Files.writeString(broken, "not json");

        RunCommandTest.Result result = run("history", "--reports", reports.toString(),
                "--html", dir.resolve("page.html").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("1 report file(s) could not be read").contains(broken.toString());
        assertThat(Files.readString(dir.resolve("page.html"))).contains("id=\"unreadable\"")
                .contains(broken.toString());
    }

    @Test
    void refusesUsageErrorsWithExitTwo(@TempDir Path dir) {
        RunCommandTest.Result nothingToWrite = run("history", "--reports", dir.toString());
        assertThat(nothingToWrite.exitCode()).isEqualTo(2);
        assertThat(nothingToWrite.err()).contains("give --html <page.html>, --json <history.json> or both");

        RunCommandTest.Result noFolder = run("history", "--reports", dir.resolve("missing").toString(),
                "--html", dir.resolve("p.html").toString());
        assertThat(noFolder.exitCode()).isEqualTo(2);
        assertThat(noFolder.err()).contains("missing: no such folder");

        RunCommandTest.Result badPeriod = run("history", "--reports", dir.toString(), "--since", "forever",
                "--html", dir.resolve("p.html").toString());
        assertThat(badPeriod.exitCode()).isEqualTo(2);
        assertThat(badPeriod.err()).contains("--since");
    }
}
