package io.restoredrill.core.port;

import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.TableRowCount;

import java.util.List;

/** Looks at a restored database without changing it. */
public interface DatabaseInspector {

    /**
     * Reads every user table (all schemas but the system ones) and counts its rows exactly.
     *
     * @throws io.restoredrill.core.domain.RestoreFailedException when a table cannot be read, naming it
     */
    List<TableRowCount> countRows(DatabaseEndpoint database);

    /**
     * Runs one check in a READ ONLY transaction with the check's statement timeout, then rolls back.
     * Never throws for a failing check: SQL errors, timeouts and unmet expectations become a FAILED result.
     */
    CheckResult run(HealthCheck check, DatabaseEndpoint database);
}
