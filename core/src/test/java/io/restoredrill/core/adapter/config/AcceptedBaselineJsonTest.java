package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.BaselineAcceptance;
import io.restoredrill.core.domain.BaselineOrigin;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.RecoveryPoint;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An accepted baseline as a file, the report's new keys, and reports written before them. */
class AcceptedBaselineJsonTest {

    private static final BaselineAcceptance ACCEPTANCE = new BaselineAcceptance("alice",
            Instant.parse("2026-11-27T09:00:00Z"), "audit log purged (CHG-7)", "/drills/monday.json");

    @TempDir
    Path dir;

    private static DrillReport report() {
        return new DrillReport("d1", "shop", Verdict.FAILED, Optional.of("public.audit_log shrank from 300 to 0 rows"),
                "backups", Optional.empty(), Optional.of("db"), Instant.parse("2026-11-27T05:00:00Z"),
                new DrillReport.Timings(1, 2, 3), Optional.empty(), List.of(),
                List.of(new TableRowCount("public", "audit_log", 0)), List.of());
    }

    @Test
    void anAcceptedBaselineIsTheReportUnchangedPlusWhoAcceptedItWhenAndWhy() throws Exception {
        Path file = dir.resolve("baseline.json");

        ReportJson.writeAcceptedBaseline(report(), ACCEPTANCE, file);

        assertThat(ReportJson.read(file)).isEqualTo(report());
        Baseline baseline = ReportJson.readBaseline(file);
        assertThat(baseline.rowsByTable()).containsEntry("public.audit_log", 0L);
        assertThat(baseline.acceptance()).contains(ACCEPTANCE);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.at("/acceptance/acceptedBy").asText()).isEqualTo("alice");
        assertThat(json.at("/acceptance/acceptedAt").asText()).isEqualTo("2026-11-27T09:00:00Z");
        assertThat(json.at("/acceptance/report").asText()).isEqualTo("/drills/monday.json");
    }

    @Test
    void aReportWrittenBeforeFreshnessAndBaselineOriginReadsWithNeither() throws Exception {
        Path old = Files.writeString(dir.resolve("old.json"), """
                {"drillId": "d0", "drillName": "shop", "verdict": "PASSED", "failureReason": null,
                 "source": "backups", "backup": null, "target": null, "startedAt": "2026-11-20T05:00:00Z",
                 "timings": {"restoreMillis": 1, "checksMillis": 1, "totalMillis": 2}, "restore": null,
                 "checks": [], "tables": [{"schema": "public", "table": "orders", "rows": 5}], "shrinkage": []}
                """);

        DrillReport read = ReportJson.read(old);

        assertThat(read.freshness()).isEmpty();
        assertThat(read.baseline()).isEmpty();
        assertThat(ReportJson.readBaseline(old).acceptance()).isEmpty();
    }

    @Test
    void theRecoveryPointsAndTheBaselineOriginRoundTrip() throws Exception {
        DrillReport report = report().withBaselineAndFreshness(
                Optional.of(new BaselineOrigin("baseline.json", Optional.of(ACCEPTANCE))),
                List.of(new RecoveryPoint("shop.orders", "placed_at", 26, Optional.of(Instant.parse(
                        "2026-11-27T02:30:00Z")), Optional.of(Instant.parse("2026-11-27T03:00:00Z")), Optional.of(0.5),
                        ProofVerdict.PASSED, Optional.empty())));
        Path file = dir.resolve("report.json");

        ReportJson.write(report, file);

        assertThat(ReportJson.read(file)).isEqualTo(report);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.at("/freshness/0/lagHours").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/baseline/acceptance/reason").asText()).isEqualTo("audit log purged (CHG-7)");
    }

    @Test
    void anAcceptanceWithoutAReasonIsNotAValidBaseline() throws Exception {
        Path file = dir.resolve("baseline.json");
        ReportJson.writeAcceptedBaseline(report(), ACCEPTANCE, file);
        Files.writeString(file, Files.readString(file).replace("\"audit log purged (CHG-7)\"", "\"  \""));

        assertThatThrownBy(() -> ReportJson.readBaseline(file))
                .hasMessageStartingWith("baseline " + file + ": \"acceptance\" is not valid: an accepted baseline"
                        + " needs a reason");
    }
}
