package io.restoredrill.core.domain;

/**
 * A drill failed for a reason that belongs in its report: no backup, a stale or broken backup, a restore error.
 * The message is written for the person reading the report; it never contains a secret.
 */
public class DrillException extends RuntimeException {

    public DrillException(String message) {
        super(message);
    }

    public DrillException(String message, Throwable cause) {
        super(message, cause);
    }
}
