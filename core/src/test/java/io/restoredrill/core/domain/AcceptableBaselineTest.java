package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which reports a person may make the baseline. */
class AcceptableBaselineTest {

    private static final DrillReport.BackupSummary DUMP = new DrillReport.BackupSummary("b/x.sql", "x.sql", 10,
            Instant.parse("2026-11-26T03:00:00Z"), BackupRef.TimestampSource.FILE_NAME, BackupFormat.PLAIN_SQL, 2);
    private static final List<TableRowCount> TABLES = List.of(new TableRowCount("public", "accounts", 4000));
    private static final TableShrinkage SHRUNK = new TableShrinkage("public.accounts", 5000, Optional.of(4000L), 0.2);

    private static DrillReport report(Optional<String> failure, Optional<RestoreStats> restore,
                                      List<TableRowCount> tables, List<TableShrinkage> shrinkage,
                                      List<CheckResult> checks, List<ProofResult> proofs) {
        return new DrillReport("id", "accounts", failure.isPresent() ? Verdict.FAILED : Verdict.PASSED, failure,
                "b", Optional.of(DUMP), Optional.of("db"), Instant.parse("2026-11-26T05:00:00Z"),
                new DrillReport.Timings(1, 1, 2), restore, checks, tables, shrinkage, Optional.empty(), proofs,
                Optional.empty());
    }

    private static final Optional<RestoreStats> RESTORED = Optional.of(new RestoreStats(10, 4000, 5));

    @Test
    void aReportThatFailedOnlyByShrinkageAndSchemaDriftIsAccepted() {
        ProofResult drift = new ProofResult("schema", ProofVerdict.FAILED, "1 lost, 0 changed (0 breaking), 0 added"
                + " against baseline y.json", List.of("lost column public.accounts.note text", "lost index x"), 3);
        DrillReport shrunk = report(Optional.of(SHRUNK.describe() + " against baseline y.json; proof schema failed: "
                        + drift.value() + " (lost column public.accounts.note text; and 1 more in the report)"),
                RESTORED, TABLES, List.of(SHRUNK), List.of(), List.of(drift));

        assertThat(AcceptableBaseline.check(shrunk, "r.json")).isSameAs(shrunk);
    }

    @Test
    void aReportWhoseRestoreDidNotCompleteIsRefused() {
        DrillReport broken = report(Optional.of("dump x.sql is truncated"), Optional.empty(), List.of(), List.of(),
                List.of(), List.of());

        assertThatThrownBy(() -> AcceptableBaseline.check(broken, "r.json"))
                .isInstanceOf(BaselineRefusedException.class)
                .hasMessageStartingWith("report r.json (drill accounts, FAILED) cannot become the baseline:")
                .hasMessageContaining("its restore did not complete")
                .hasMessageContaining("it holds no row counts");
    }

    @Test
    void aReportWithACorruptIndexIsRefusedEvenWhenItAlsoShrank() {
        ProofResult corrupt = new ProofResult("integrity", ProofVerdict.FAILED, "1 corruption finding",
                List.of("index public.accounts_pkey: item order invariant violated"), 3);
        DrillReport report = report(Optional.of(SHRUNK.describe() + " against baseline y.json; proof integrity"
                + " failed: 1 corruption finding"), RESTORED, TABLES, List.of(SHRUNK), List.of(), List.of(corrupt));

        assertThatThrownBy(() -> AcceptableBaseline.check(report, "r.json"))
                .hasMessageContaining("its proof integrity failed (1 corruption finding)");
    }

    @Test
    void aFailedCheckOrAnotherFailureIsRefusedNamingIt() {
        CheckResult failed = new CheckResult("balance", "SELECT 1", Optional.of("= 2"), Optional.of("1"),
                Verdict.FAILED, Optional.empty(), 1);
        DrillReport check = report(Optional.of("check balance failed: value 1 does not satisfy = 2"), RESTORED, TABLES,
                List.of(), List.of(failed), List.of());
        DrillReport teardown = report(Optional.of("temporary database x could not be torn down: gone"), RESTORED,
                TABLES, List.of(), List.of(), List.of());

        assertThatThrownBy(() -> AcceptableBaseline.check(check, "r.json")).hasMessageContaining("its check balance failed");
        assertThatThrownBy(() -> AcceptableBaseline.check(teardown, "r.json"))
                .hasMessageContaining("it failed: temporary database x could not be torn down: gone");
    }
}
