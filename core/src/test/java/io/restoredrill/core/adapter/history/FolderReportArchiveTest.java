package io.restoredrill.core.adapter.history;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;
import io.restoredrill.core.testing.SyntheticHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderReportArchiveTest {

    private static final Instant LAST_NIGHT = Instant.parse("2026-11-30T03:00:00Z");

    @Test
    void readsEveryReportOfThePeriodAndSkipsTheBaselineCopies(@TempDir Path dir) throws Exception {
        SyntheticHistory.writeTo(dir, SyntheticHistory.reports(2, 10, LAST_NIGHT));
        Files.copy(dir.resolve("db-000/2026/11/30/run-0-9.json"), dir.resolve("db-000/latest.json"));
        // Validate's work file between rounds is no report.
        Files.createDirectories(dir.resolve("db-000/in-progress"));
        Files.writeString(dir.resolve("db-000/in-progress/nightly-1.json"), "{\"rounds\": 1}");
        // Nor is validate's restore-time trend window.
        Files.writeString(dir.resolve("db-000/trend.json"), "{\"drill\":\"db-000\",\"restoreSeconds\":[400.0]}");

        ReportArchive.Listing listing = new FolderReportArchive(dir).list(Optional.empty(), Instant.EPOCH);

        assertThat(listing.reports()).hasSize(20);
        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.reports()).extracting(StoredReport::location)
                .contains(dir.resolve("db-001/2026/11/25/run-1-4.json").toString());
    }

    @Test
    void anAlarmTestsRecordIsAnAlarmTestAndABrokenOneIsUnreadable(@TempDir Path dir) throws Exception {
        SyntheticHistory.writeTo(dir, SyntheticHistory.reports(1, 2, LAST_NIGHT));
        AlarmTest.Record record = new AlarmTest.Record("alarm-test-1", LAST_NIGHT, Verdict.FAILED, AlarmTest.REASON);
        Path file = dir.resolve(AlarmTest.path(LAST_NIGHT, "alarm-test-1"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, AlarmTestJson.toJson(record).toString());
        Path broken = file.resolveSibling("alarm-test-2.json");
        Files.writeString(broken, "{\"kind\": \"alarm-test\", \"execution\": \"alarm-test-2\"}");

        ReportArchive.Listing listing = new FolderReportArchive(dir).list(Optional.empty(), Instant.EPOCH);

        assertThat(listing.alarmTests()).containsExactly(record);
        assertThat(listing.reports()).hasSize(2);
        assertThat(listing.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.location()).isEqualTo(broken.toString());
            assertThat(u.reason()).contains("\"at\" is missing");
        });
    }

    @Test
    void readsOneDrillAndOnlyTheDaysOfThePeriod(@TempDir Path dir) {
        SyntheticHistory.writeTo(dir, SyntheticHistory.reports(3, 10, LAST_NIGHT));

        ReportArchive.Listing listing = new FolderReportArchive(dir).list(Optional.of("db-002"),
                Instant.parse("2026-11-28T00:00:00Z"));

        assertThat(listing.reports()).extracting(r -> r.report().drillId())
                .containsExactlyInAnyOrder("run-2-7", "run-2-8", "run-2-9");
    }

    @Test
    void listsAFileThatIsNoReportAsUnreadableAndReadsTheRest(@TempDir Path dir) throws Exception {
        SyntheticHistory.writeTo(dir, SyntheticHistory.reports(1, 3, LAST_NIGHT));
        Path broken = dir.resolve("db-000/2026/11/29/run-0-1.json");
        Files.writeString(broken, "{\"drillId\": \"x\", \"verdict\": ");

        ReportArchive.Listing listing = new FolderReportArchive(dir).list(Optional.empty(), Instant.EPOCH);

        assertThat(listing.reports()).hasSize(2);
        assertThat(listing.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.location()).isEqualTo(broken.toString());
            assertThat(u.reason()).contains(broken.toString()).contains("not valid JSON");
        });
    }

    @Test
    void refusesAFolderThatDoesNotExist(@TempDir Path dir) {
        assertThatThrownBy(() -> new FolderReportArchive(dir.resolve("nope")).list(Optional.empty(), Instant.EPOCH))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no such folder");
    }
}
