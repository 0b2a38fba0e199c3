package io.restoredrill.core.audit;


import java.time.Instant;
import java.util.List;

/** Where the nightly account audit keeps its reports. */
public interface AuditReportStore {

    /**
     * Keeps one night's audit (every region it covered).
     *
     * @return where it was kept, for the log and the function's result
     */
    String store(Instant checkedAt, List<AccountAuditReport> reports);
}
