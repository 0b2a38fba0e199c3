package io.restoredrill.core.workflow;

import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The reaper could not delete some expired drill instances (the others were handled). Thrown at the end of the run
 * so the scheduled invocation shows as failed and an alarm can fire; the message names each instance and its error.
 */
public class ReaperFailedException extends RuntimeException {

    private final transient ReapReport report;

    public ReaperFailedException(ReapReport report) {
        super(message(report));
        this.report = Objects.requireNonNull(report, "report");
    }

    /** The whole run, including what was deleted before or after the failures. */
    public ReapReport report() {
        return report;
    }

    private static String message(ReapReport report) {
        return "the reaper could not delete " + report.failed().size() + " expired drill instance(s): "
                + report.failed().stream().map(f -> f.instanceId() + " (" + f.error() + ")")
                .collect(Collectors.joining("; "))
                + "; deleted " + report.deleted().size() + " other(s)"
                + (report.snapshotCopies().failed().isEmpty() ? "" : "; could not delete "
                + report.snapshotCopies().failed().size() + " expired snapshot cop(ies): "
                + report.snapshotCopies().failed().stream().map(f -> f.instanceId() + " (" + f.error() + ")")
                .collect(Collectors.joining("; ")));
    }
}
