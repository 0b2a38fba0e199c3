package io.restoredrill.cli;

import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.ObjectiveResult;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.RecoveryPoint;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The human summary of a drill, printed on stdout. */
final class SummaryPrinter {

    /** Findings of a proof shown on the terminal; the report has them all. */
    private static final int MAX_FINDINGS = 5;

    private final PrintWriter out;

    SummaryPrinter(PrintWriter out) {
        this.out = out;
    }

    private static String tablesOf(DrillReport report, String database) {
        long n = report.tables().stream().filter(t -> t.database().filter(database::equals).isPresent()).count();
        return n + (n == 1 ? " table" : " tables");
    }

    void print(DrillReport report) {
        out.printf(Locale.ROOT, "restore-drill %s: %s%n", report.drillName(), report.verdict());
        line("source", report.source());
        report.backup().ifPresentOrElse(b -> line("backup", String.format(Locale.ROOT,
                        "%s (%s, taken %s from its %s, %s old)", b.name(), TerminalProgress.bytes(b.sizeBytes()),
                        b.timestamp(), b.timestampSource() == io.restoredrill.core.domain.BackupRef.TimestampSource.FILE_NAME
                                ? "name" : "modification time", age(b.ageHours()))),
                () -> line("backup", "none"));
        report.target().ifPresent(t -> line("target", t + " (torn down)"));
        report.restore().ifPresent(r -> line("restore", String.format(Locale.ROOT, "%s  (%s, %,d rows copied, %,d statements)",
                seconds(report.timings().restoreMillis()), TerminalProgress.bytes(r.bytesRead()), r.rowsCopied(), r.statements())));
        report.restore().filter(r -> r.severalDatabases()).ifPresent(r -> line("databases", String.join(", ",
                r.databases().stream().map(d -> d.name() + " (as " + d.restoredAs() + ", " + tablesOf(report, d.name())
                        + ")").toList())));
        if (!report.tables().isEmpty()) {
            long rows = report.tables().stream().mapToLong(TableRowCount::rows).sum();
            line("tables", String.format(Locale.ROOT, "%d tables readable, %,d rows", report.tables().size(), rows));
        }
        if (!report.checks().isEmpty()) {
            long failed = report.checks().stream().filter(c -> !c.passed()).count();
            line("checks", String.format(Locale.ROOT, "%d passed, %d failed (%s)",
                    report.checks().size() - failed, failed, seconds(report.timings().checksMillis())));
            int width = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(10);
            for (CheckResult check : report.checks()) {
                out.printf(Locale.ROOT, "    %s  %-" + width + "s  value %s%s%s%n",
                        check.passed() ? "PASS" : "FAIL", check.name(), check.value().orElse("-"),
                        check.expected().map(e -> ", expected " + e).orElse(""),
                        check.error().map(e -> "  (" + e + ")").orElse(""));
            }
        }
        report.schema().ifPresent(schema -> line("schema", schema.digest() + " (" + schema.summary() + ")"));
        printProofs(report.proofs());
        report.freshness().forEach(this::printRecoveryPoint);
        report.baseline().ifPresent(b -> line("baseline", b.origin() + b.acceptance().map(a -> " (accepted by "
                + a.acceptedBy() + " at " + a.acceptedAt() + ": " + a.reason() + ")").orElse("")));
        for (TableShrinkage shrunk : report.shrinkage()) {
            line("shrinkage", shrunk.describe());
        }
        report.objectives().forEach(this::printObjective);
        line("total", seconds(report.timings().totalMillis()));
        report.failureReason().ifPresent(reason -> line("failed", reason));
    }

    /** {@code objective  MET     restoreTime 0.1 s (restore time), objective 45m}. */
    private void printObjective(ObjectiveResult objective) {
        line("objective", String.format(Locale.ROOT, "%-7s %s %s, objective %s", objective.verdict(), objective.name(),
                objective.achievedSeconds().map(SummaryPrinter::duration).map(d -> d + " (" + objective.basis() + ")")
                        .orElse("not measured: " + objective.basis()),
                duration(objective.targetSeconds())));
    }

    private static String duration(double seconds) {
        if (seconds >= 7200) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        if (seconds >= 120) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** One line per proof: verdict, name, value, time; then the first findings of a proof that is not PASSED. */
    private void printProofs(List<ProofResult> proofs) {
        if (proofs.isEmpty()) {
            return;
        }
        long passed = proofs.stream().filter(ProofResult::passed).count();
        line("proofs", String.format(Locale.ROOT, "%d passed, %d not passed", passed, proofs.size() - passed));
        int width = proofs.stream().mapToInt(p -> p.name().length()).max().orElse(10);
        for (ProofResult proof : proofs) {
            out.printf(Locale.ROOT, "    %-10s  %-" + width + "s  %s  (%s)%n", label(proof.verdict()), proof.name(),
                    proof.value(), seconds(proof.elapsedMillis()));
            if (!proof.passed()) {
                proof.findings().stream().limit(MAX_FINDINGS).forEach(f -> out.printf(Locale.ROOT, "        %s%n", f));
                if (proof.findings().size() > MAX_FINDINGS) {
                    out.printf(Locale.ROOT, "        ... %d more in the report%n",
                            proof.findings().size() - MAX_FINDINGS);
                }
            }
        }
    }

    /** The recovery point one freshness entry achieved: the newest value, and how far it is behind the backup. */
    private void printRecoveryPoint(RecoveryPoint point) {
        String column = point.table() + "." + point.column();
        String allowed = String.format(Locale.ROOT, "allowed %s h", decimal(point.maxAgeHours()));
        line("freshness", point.newestValue()
                .map(newest -> String.format(Locale.ROOT, "%s newest %s, %s h before the backup (%s)", column, newest,
                        decimal(point.lagHours().orElse(0.0)), allowed) + (point.verdict() == ProofVerdict.PASSED
                        ? "" : "  " + label(point.verdict())))
                .orElseGet(() -> column + ": " + point.problem().orElse("no value") + "  " + label(point.verdict())));
    }

    private static String decimal(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String label(ProofVerdict verdict) {
        return switch (verdict) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIPPED";
            case INCOMPLETE -> "INCOMPLETE";
        };
    }

    private void line(String label, String text) {
        out.printf(Locale.ROOT, "  %-9s %s%n", label, text);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String age(double hours) {
        if (hours >= 48) {
            return String.format(Locale.ROOT, "%.1f days", hours / 24);
        }
        return String.format(Locale.ROOT, "%.1f h", hours);
    }
}
