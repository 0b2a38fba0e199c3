package io.restoredrill.core.audit;


import java.time.Instant;
import java.util.List;

/** The figures of a nightly account audit that alarms watch. */
public interface AuditMetrics {

    void publish(Instant checkedAt, List<AccountAuditReport> reports);
}
