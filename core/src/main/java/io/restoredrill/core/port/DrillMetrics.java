package io.restoredrill.core.port;

import java.util.OptionalDouble;

/** Publishes a drill's outcome as metrics (CloudWatch: DrillSucceeded, RestoreSeconds, BackupAgeHours, ChecksFailed). */
public interface DrillMetrics {

    void publish(String drillName, boolean succeeded, OptionalDouble restoreSeconds, OptionalDouble backupAgeHours,
                 int checksFailed);
}
