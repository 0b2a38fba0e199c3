package io.restoredrill.core.domain;

/**
 * A report that must not become a baseline: its restore did not complete, or it failed for a reason that
 * accepting would hide (corruption, a failed check, stale data, a broken backup). The message names the report
 * and the reason.
 */
public class BaselineRefusedException extends InvalidConfigurationException {

    public BaselineRefusedException(String message) {
        super(message);
    }
}
