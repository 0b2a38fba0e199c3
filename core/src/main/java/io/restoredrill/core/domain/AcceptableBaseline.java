package io.restoredrill.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which reports a person may make the baseline: one whose restore completed and whose only failures are the ones a
 * deliberate change causes, tables that shrank and a schema that drifted. Anything else (a failed check, a failed
 * integrity, full-read or freshness proof, a backup that did not load, a table that could not be read) is a
 * problem of the backup itself, and accepting it would make the next drill compare against broken data.
 */
public final class AcceptableBaseline {

    /** How the failure reason shows the schema proof's failure, and the tail of its first finding. */
    private static final String SCHEMA_FAILURE = "proof " + SchemaDrift.PROOF + " failed: ";
    private static final Pattern MORE_FINDINGS = Pattern.compile("and \\d+ more in the report\\)");

    private AcceptableBaseline() {
    }

    /**
     * Returns the report when it may become the baseline.
     *
     * @param where names the report in the message, e.g. its path
     * @throws BaselineRefusedException naming the report and every reason it may not
     */
    public static DrillReport check(DrillReport report, String where) {
        Objects.requireNonNull(report, "report");
        List<String> reasons = new ArrayList<>();
        if (report.backup().isPresent() && report.restore().isEmpty()) {
            reasons.add("its restore did not complete (no restore statistics)");
        }
        if (report.tables().isEmpty()) {
            reasons.add("it holds no row counts (the restore did not complete, or no table could be read)");
        }
        report.checks().stream().filter(c -> !c.passed())
                .forEach(c -> reasons.add("its check " + c.name() + " failed"));
        report.proofs().stream().filter(p -> p.failed() && !p.name().equals(SchemaDrift.PROOF))
                .forEach(p -> reasons.add("its proof " + p.name() + " failed (" + p.value() + ")"));
        if (reasons.isEmpty()) {
            otherFailures(report).forEach(f -> reasons.add("it failed: " + f));
        }
        if (!reasons.isEmpty()) {
            throw new BaselineRefusedException("report " + where + " (drill " + report.drillName() + ", "
                    + report.verdict() + ") cannot become the baseline: " + String.join("; ", reasons)
                    + ". Only a report whose restore completed and whose failures are shrunk tables or schema drift"
                    + " can be accepted; fix the backup and accept a later drill's report");
        }
        return report;
    }

    /** The parts of the failure reason that are neither a shrunk table nor the schema proof. */
    private static List<String> otherFailures(DrillReport report) {
        if (report.failureReason().isEmpty()) {
            return List.of();
        }
        List<String> shrunk = report.shrinkage().stream().map(TableShrinkage::describe).toList();
        List<String> others = new ArrayList<>();
        // The pipeline joins its failures with "; " (VerificationOutcome#failureReason).
        for (String part : report.failureReason().get().split("; ")) {
            boolean explained = part.startsWith(SCHEMA_FAILURE) || MORE_FINDINGS.matcher(part).matches()
                    || shrunk.stream().anyMatch(part::startsWith);
            if (!explained) {
                others.add(part);
            }
        }
        return others;
    }
}
