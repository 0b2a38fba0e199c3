package io.restoredrill.core.workflow;

/**
 * Publishes what a reaper run did. The infrastructure alarms on the deleted count: every instance the reaper had to
 * delete is an orphan some execution failed to clean up.
 */
public interface ReaperMetrics {

    /** Called once per run, also when some deletions failed (before the reaper throws). */
    void publish(ReapReport report);
}
