package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReportJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A failed drill with every optional present and every list filled. */
    static DrillReport fullyPopulatedReport() {
        return new DrillReport(
                "3f1c9a52-0d7e-4c1b-9a6f-2b8e5d4c7a10",
                "shop",
                Verdict.FAILED,
                Optional.of("check orders-recent failed: value 30.5 does not satisfy <= 26; public.orders shrank"
                        + " from 1000 to 400 rows (-60.0%) against baseline /var/lib/drill/last.json"),
                "s3://backups/shop/",
                Optional.of(new DrillReport.BackupSummary("s3://backups/shop/shop-2026-11-26T0200Z.dump",
                        "shop-2026-11-26T0200Z.dump", 194_000_123L, Instant.parse("2026-11-26T02:00:00Z"),
                        BackupRef.TimestampSource.FILE_NAME, BackupFormat.CUSTOM, 4.25)),
                Optional.of("embedded PostgreSQL 15 on 127.0.0.1:54321, database drill_7"),
                Instant.parse("2026-11-26T06:15:00.123456789Z"),
                new DrillReport.Timings(7_512, 1_204, 9_870),
                Optional.of(new RestoreStats(203_456_789L, 2_000_010L, 42)),
                List.of(
                        new CheckResult("accounts-complete", "SELECT count(*) FROM pgbench_accounts",
                                Optional.of(">= 2000000"), Optional.of("2000000"), Verdict.PASSED, Optional.empty(), 310),
                        new CheckResult("orders-recent", "SELECT 30.5", Optional.of("<= 26"), Optional.of("30.5"),
                                Verdict.FAILED, Optional.empty(), 12),
                        new CheckResult("broken", "SELEC 1", Optional.empty(), Optional.empty(), Verdict.FAILED,
                                Optional.of("ERROR: syntax error at or near \"SELEC\""), 3)),
                List.of(new TableRowCount("public", "pgbench_accounts", 2_000_000),
                        new TableRowCount("public", "orders", 400),
                        new TableRowCount("audit", "log", 0)),
                List.of(new TableShrinkage("public.orders", 1000, Optional.of(400L), 0.6),
                        new TableShrinkage("public.customers", 50, Optional.empty(), 1.0)));
    }

    /** A drill that passed without baseline or checks: every optional empty. */
    static DrillReport passedReportWithEmptyOptionals() {
        return new DrillReport("id-2", "shop", Verdict.PASSED, Optional.empty(), "/backups", Optional.empty(),
                Optional.empty(), Instant.parse("2026-11-27T06:15:00Z"), new DrillReport.Timings(0, 0, 5),
                Optional.empty(), List.of(), List.of(new TableRowCount("public", "t", 1)), List.of());
    }

    static final SchemaFingerprint SHOP_SCHEMA = SchemaFingerprint.of(List.of(
            new SchemaObject(SchemaObject.Kind.SCHEMA, "public", ""),
            new SchemaObject(SchemaObject.Kind.TABLE, "public.orders", "table"),
            new SchemaObject(SchemaObject.Kind.COLUMN, "public.orders.id", "integer NOT NULL"),
            new SchemaObject(SchemaObject.Kind.INDEX, "public.orders_pkey",
                    "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)")));

    /** The fully populated report with a proof of each verdict and a schema fingerprint. */
    static DrillReport reportWithProofs() {
        return fullyPopulatedReport().withProofs(List.of(
                new ProofResult("integrity", ProofVerdict.FAILED, "3 of 3 indexes checked: 1 corruption finding",
                        List.of("index public.orders_pkey: item order invariant violated (SQLSTATE XX002)"), 812),
                new ProofResult("full-read", ProofVerdict.INCOMPLETE, "1 of 2 tables read completely",
                        List.of("not read within 30s: public.events"), 30_004),
                ProofResult.skipped("schema", "baseline last.json holds no schema fingerprint", 40),
                new ProofResult("extra", ProofVerdict.PASSED, "fine", List.of(), 0)), Optional.of(SHOP_SCHEMA));
    }

    @Test
    void aReportWithProofsAndASchemaRoundTripsThroughAFile() {
        Path file = dir.resolve("report.json");

        ReportJson.write(reportWithProofs(), file);

        assertThat(ReportJson.read(file)).isEqualTo(reportWithProofs());
    }

    @Test
    void writesProofsWithTheirVerdictsAndTheSchemaWithItsDigestAndListing() throws IOException {
        JsonNode json = JSON.readTree(ReportJson.toJson(reportWithProofs()));

        assertThat(json.at("/proofs/0/name").asText()).isEqualTo("integrity");
        assertThat(json.at("/proofs/0/verdict").asText()).isEqualTo("FAILED");
        assertThat(json.at("/proofs/0/findings/0").asText()).startsWith("index public.orders_pkey:");
        assertThat(json.at("/proofs/1/verdict").asText()).isEqualTo("INCOMPLETE");
        assertThat(json.at("/proofs/1/elapsedMillis").asLong()).isEqualTo(30_004);
        assertThat(json.at("/proofs/2/verdict").asText()).isEqualTo("SKIPPED");
        assertThat(json.at("/schema/digest").asText()).isEqualTo(SHOP_SCHEMA.digest());
        assertThat(json.at("/schema/objects/1/kind").asText()).isEqualTo("TABLE");
        assertThat(json.at("/schema/objects/1/name").asText()).isEqualTo("public.orders");
        assertThat(json.at("/proofs/0").has("passed")).isFalse();

        JsonNode without = JSON.readTree(ReportJson.toJson(passedReportWithEmptyOptionals()));
        assertThat(without.at("/proofs").isArray()).isTrue();
        assertThat(without.at("/proofs").isEmpty()).isTrue();
        assertThat(without.at("/schema").isNull()).isTrue();
    }

    @Test
    void aBaselineCarriesTheReportsSchemaFingerprint() {
        Path file = dir.resolve("last.json");
        ReportJson.write(reportWithProofs(), file);

        assertThat(ReportJson.readBaseline(file).schema()).contains(SHOP_SCHEMA);
    }

    @Test
    void aReportWrittenBeforeProofsExistedIsStillABaselineWithoutSchema() throws Exception {
        // Written by restore-drill before this change (ReportJson of fullyPopulatedReport() at 66d73dc).
        Path old = Path.of(ReportJsonTest.class.getResource("/reports/report-before-proofs.json").toURI());
        JsonNode oldJson = JSON.readTree(Files.readString(old));
        assertThat(oldJson.has("proofs")).isFalse();
        assertThat(oldJson.has("schema")).isFalse();

        DrillReport report = ReportJson.read(old);
        Baseline baseline = ReportJson.readBaseline(old);

        assertThat(report).isEqualTo(fullyPopulatedReport());
        assertThat(report.proofs()).isEmpty();
        assertThat(report.schema()).isEmpty();
        assertThat(baseline.schema()).isEmpty();
        assertThat(baseline.rowsByTable()).containsEntry("public.orders", 400L).hasSize(3);
    }

    @Test
    void aSchemaWhoseListingWasEditedWithoutItsDigestIsNotAValidReport() throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(ReportJson.toJson(reportWithProofs()));
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.at("/schema/objects")).remove(3);
        Path file = Files.writeString(dir.resolve("edited.json"), json.toString());

        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.readBaseline(file)))
                .hasMessageStartingWith("baseline file " + file + " is not a valid restore-drill report: schema"
                        + " fingerprint digest " + SHOP_SCHEMA.digest() + " does not match its 3 objects");
    }

    @Test
    void aFullyPopulatedReportRoundTripsThroughAFile() {
        Path file = dir.resolve("report.json");
        DrillReport report = fullyPopulatedReport();

        ReportJson.write(report, file);

        assertThat(ReportJson.read(file)).isEqualTo(report);
    }

    @Test
    void aReportWithEmptyOptionalsRoundTripsThroughAFile() {
        Path file = dir.resolve("report.json");
        DrillReport report = passedReportWithEmptyOptionals();

        ReportJson.write(report, file);

        assertThat(ReportJson.read(file)).isEqualTo(report);
    }

    @Test
    void writesComponentsByNameWithIsoInstantsAndNullForEmptyOptionals() throws IOException {
        JsonNode json = JSON.readTree(ReportJson.toJson(fullyPopulatedReport()));

        assertThat(json.at("/verdict").asText()).isEqualTo("FAILED");
        assertThat(json.at("/failureReason").asText()).startsWith("check orders-recent failed: value 30.5");
        assertThat(json.at("/backup/location").asText()).isEqualTo("s3://backups/shop/shop-2026-11-26T0200Z.dump");
        assertThat(json.at("/backup/timestamp").asText()).isEqualTo("2026-11-26T02:00:00Z");
        assertThat(json.at("/backup/format").asText()).isEqualTo("CUSTOM");
        assertThat(json.at("/backup/ageHours").asDouble()).isEqualTo(4.25);
        assertThat(json.at("/startedAt").asText()).isEqualTo("2026-11-26T06:15:00.123456789Z");
        assertThat(json.at("/timings/restoreMillis").asLong()).isEqualTo(7_512);
        assertThat(json.at("/restore/rowsCopied").asLong()).isEqualTo(2_000_010);
        assertThat(json.at("/checks/0/value").asText()).isEqualTo("2000000");
        assertThat(json.at("/checks/0/expected").asText()).isEqualTo(">= 2000000");
        assertThat(json.at("/checks/0/error").isNull()).isTrue();
        assertThat(json.at("/checks/2/error").asText()).isEqualTo("ERROR: syntax error at or near \"SELEC\"");
        assertThat(json.at("/tables/0/schema").asText()).isEqualTo("public");
        assertThat(json.at("/tables/0/table").asText()).isEqualTo("pgbench_accounts");
        assertThat(json.at("/tables/0/rows").asLong()).isEqualTo(2_000_000);
        assertThat(json.at("/shrinkage/0/restoredRows").asLong()).isEqualTo(400);
        assertThat(json.at("/shrinkage/1/restoredRows").isNull()).isTrue();
        // Methods that are not components (passed(), qualifiedName(), describe()) stay out of the file.
        assertThat(json.has("passed")).isFalse();
        assertThat(json.at("/tables/0").has("qualifiedName")).isFalse();

        JsonNode passed = JSON.readTree(ReportJson.toJson(passedReportWithEmptyOptionals()));
        assertThat(passed.at("/verdict").asText()).isEqualTo("PASSED");
        assertThat(passed.has("failureReason")).isTrue();
        assertThat(passed.at("/failureReason").isNull()).isTrue();
        assertThat(passed.at("/backup").isNull()).isTrue();
        assertThat(passed.at("/restore").isNull()).isTrue();
    }

    @Test
    void writesPrettyPrintedJsonEndingWithANewline() throws IOException {
        Path file = dir.resolve("report.json");

        ReportJson.write(passedReportWithEmptyOptionals(), file);

        String text = Files.readString(file);
        assertThat(text).startsWith("{\n  \"drillId\" : \"id-2\",\n").endsWith("}\n");
    }

    @Test
    void readAcceptsOptionalsThatAreLeftOutAndKeysItDoesNotKnow() throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(ReportJson.toJson(passedReportWithEmptyOptionals()));
        json.remove(List.of("failureReason", "backup", "target", "restore"));
        json.put("writtenBy", "restore-drill 9.9");
        Path file = Files.writeString(dir.resolve("report.json"), json.toString());

        assertThat(ReportJson.read(file)).isEqualTo(passedReportWithEmptyOptionals());
    }

    @Test
    void replacesAnExistingReportCreatingMissingDirectoriesAndLeavingNoTemporaryFile() throws IOException {
        Path file = dir.resolve("reports/nightly/report.json");
        ReportJson.write(fullyPopulatedReport(), file);

        ReportJson.write(passedReportWithEmptyOptionals(), file);

        assertThat(ReportJson.read(file)).isEqualTo(passedReportWithEmptyOptionals());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aBaselineTakesItsRowsFromTheReportsTablesAndNamesTheFileAsOrigin() {
        Path file = dir.resolve("last.json");
        ReportJson.write(fullyPopulatedReport(), file);

        Baseline baseline = ReportJson.readBaseline(file);

        assertThat(baseline.origin()).isEqualTo(file.toString());
        assertThat(baseline.rowsByTable()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "public.pgbench_accounts", 2_000_000L, "public.orders", 400L, "audit.log", 0L));
    }

    @Test
    void aReportWithoutTablesGivesAnEmptyBaseline() {
        DrillReport noTables = new DrillReport("id", "shop", Verdict.FAILED, Optional.of("no backup found in /b"),
                "/b", Optional.empty(), Optional.empty(), Instant.parse("2026-11-26T06:00:00Z"),
                new DrillReport.Timings(0, 0, 1), Optional.empty(), List.of(), List.of(), List.of());
        Path file = dir.resolve("last.json");
        ReportJson.write(noTables, file);

        assertThat(ReportJson.readBaseline(file).rowsByTable()).isEmpty();
    }

    @Test
    void aMissingBaselineFileIsAConfigurationError() {
        Path missing = dir.resolve("last.json");

        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.readBaseline(missing)))
                .hasMessage("baseline file " + missing + " does not exist");
    }

    @Test
    void anUnreadableBaselineFileIsAConfigurationError() {
        // A directory stands in for an unreadable file: permission bits do not stop root, who runs CI here.
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.readBaseline(dir)))
                .hasMessageStartingWith("baseline file " + dir + " cannot be read");
    }

    @Test
    void malformedJsonIsAConfigurationErrorNamingFileAndPosition() throws IOException {
        String truncated = ReportJson.toJson(fullyPopulatedReport());
        truncated = truncated.substring(0, truncated.indexOf("\"timings\""));
        Path file = Files.writeString(dir.resolve("last.json"), truncated);

        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ReportJson.readBaseline(file));

        assertThat(e).hasMessageStartingWith("baseline file " + file + " is not valid JSON (line ")
                .hasMessageNotContaining("pgbench_accounts");
    }

    @Test
    void anEmptyBaselineFileIsAConfigurationError() throws IOException {
        Path file = Files.writeString(dir.resolve("last.json"), "\n");

        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.readBaseline(file)))
                .hasMessage("baseline file " + file + " is empty");
    }

    @Test
    void jsonThatIsNotAReportIsAConfigurationErrorNamingTheProblem() throws IOException {
        Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.readBaseline(list)))
                .hasMessageStartingWith("baseline file " + list + " is not a valid restore-drill report");

        ObjectNode json = (ObjectNode) JSON.readTree(ReportJson.toJson(fullyPopulatedReport()));
        json.remove("tables");
        Path withoutTables = Files.writeString(dir.resolve("no-tables.json"), json.toString());
        assertThat(catchThrowableOfType(InvalidConfigurationException.class,
                () -> ReportJson.readBaseline(withoutTables)))
                .hasMessageStartingWith("baseline file " + withoutTables + " is not a valid restore-drill report (line ")
                .hasMessageEndingWith(": \"tables\" is missing or null");

        json = (ObjectNode) JSON.readTree(ReportJson.toJson(fullyPopulatedReport()));
        ((ObjectNode) json.at("/checks/1")).remove("name");
        Path checkWithoutName = Files.writeString(dir.resolve("no-check-name.json"), json.toString());
        assertThat(catchThrowableOfType(InvalidConfigurationException.class,
                () -> ReportJson.readBaseline(checkWithoutName)))
                .hasMessageEndingWith(": \"checks[1].name\" is missing or null");

        json = (ObjectNode) JSON.readTree(ReportJson.toJson(fullyPopulatedReport()));
        json.putNull("failureReason");
        Path failedWithoutReason = Files.writeString(dir.resolve("no-reason.json"), json.toString());
        assertThat(catchThrowableOfType(InvalidConfigurationException.class,
                () -> ReportJson.readBaseline(failedWithoutReason)))
                .hasMessage("baseline file " + failedWithoutReason + " is not a valid restore-drill report:"
                        + " a failed drill needs a failure reason");

        json = (ObjectNode) JSON.readTree(ReportJson.toJson(fullyPopulatedReport()));
        json.put("verdict", "MAYBE");
        Path badVerdict = Files.writeString(dir.resolve("bad-verdict.json"), json.toString());
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.readBaseline(badVerdict)))
                .hasMessageStartingWith("baseline file " + badVerdict + " is not a valid restore-drill report")
                .hasMessageContaining("\"verdict\": ")
                .hasMessageContaining("MAYBE");
    }

    @Test
    void readingAReportThatIsNotThereNamesItAsReportFile() {
        Path missing = dir.resolve("report.json");

        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> ReportJson.read(missing)))
                .hasMessage("report file " + missing + " does not exist");
    }
}
