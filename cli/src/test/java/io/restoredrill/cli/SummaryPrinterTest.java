package io.restoredrill.cli;

import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryPrinterTest {

    private static DrillReport report() {
        return new DrillReport("id", "shop", Verdict.PASSED, Optional.empty(), "/backups", Optional.empty(),
                Optional.empty(), Instant.parse("2026-12-01T03:00:00Z"), new DrillReport.Timings(1_000, 200, 2_500),
                Optional.empty(), List.of(), List.of(new TableRowCount("public", "orders", 10)), List.of());
    }

    private static String print(DrillReport report) {
        StringWriter text = new StringWriter();
        new SummaryPrinter(new PrintWriter(text, true)).print(report);
        return text.toString();
    }

    @Test
    void showsEachRecoveryPointAndTheBaselineWithWhoAcceptedIt() {
        Instant taken = Instant.parse("2026-12-01T03:00:00Z");
        DrillReport report = report().withBaselineAndFreshness(
                Optional.of(new io.restoredrill.core.domain.BaselineOrigin("baseline.json", Optional.of(
                        new io.restoredrill.core.domain.BaselineAcceptance("alice",
                                Instant.parse("2026-11-30T09:00:00Z"), "audit log purged", "monday.json")))),
                List.of(new io.restoredrill.core.domain.RecoveryPoint("shop.orders", "placed_at", 26,
                                Optional.of(Instant.parse("2026-12-01T02:30:00Z")), Optional.of(taken),
                                Optional.of(0.5), ProofVerdict.PASSED, Optional.empty()),
                        new io.restoredrill.core.domain.RecoveryPoint("events", "at", 1, Optional.empty(),
                                Optional.of(taken), Optional.empty(), ProofVerdict.FAILED,
                                Optional.of("public.events.at holds no value"))));

        String out = print(report);

        assertThat(out).contains("  freshness shop.orders.placed_at newest 2026-12-01T02:30:00Z, 0.5 h before the"
                        + " backup (allowed 26 h)\n")
                .contains("  freshness events.at: public.events.at holds no value  FAIL\n")
                .contains("  baseline  baseline.json (accepted by alice at 2026-11-30T09:00:00Z: audit log purged)\n");
    }

    @Test
    void showsOneLinePerProofWithVerdictNameValueAndTimeAndTheFindingsOfThoseThatDidNotPass() {
        List<String> many = IntStream.rangeClosed(1, 7).mapToObj(i -> "not read: public.t" + i).toList();
        SchemaFingerprint schema = SchemaFingerprint.of(List.of(
                new SchemaObject(SchemaObject.Kind.TABLE, "public.orders", "table")));
        DrillReport report = report().withProofs(List.of(
                new ProofResult("integrity", ProofVerdict.PASSED, "3 of 3 indexes checked: no corruption",
                        List.of("heapallindexed on 2 of 3 indexes"), 812),
                new ProofResult("full-read", ProofVerdict.INCOMPLETE, "1 of 8 tables read completely", many, 30_000),
                new ProofResult("schema", ProofVerdict.FAILED, "1 lost against last.json",
                        List.of("lost column public.orders.total numeric"), 40)), Optional.of(schema));

        String out = print(report);

        assertThat(out).contains("  schema    " + schema.digest() + " (1 table)\n")
                .contains("  proofs    1 passed, 2 not passed\n")
                .contains("    PASS        integrity  3 of 3 indexes checked: no corruption  (0.8 s)\n")
                .contains("    INCOMPLETE  full-read  1 of 8 tables read completely  (30.0 s)\n"
                        + "        not read: public.t1\n")
                .contains("        not read: public.t5\n        ... 2 more in the report\n")
                .contains("    FAIL        schema     1 lost against last.json  (0.0 s)\n"
                        + "        lost column public.orders.total numeric\n")
                .doesNotContain("heapallindexed on 2 of 3")
                .doesNotContain("public.t6");
    }

    @Test
    void aReportWithoutProofsPrintsNoProofLines() {
        assertThat(print(report())).doesNotContain("proofs").doesNotContain("  schema");
    }
}
