package io.restoredrill.core.domain;

/**
 * The restore testing selection's validation window leaves too little time to validate before AWS Backup deletes the
 * restored resource: the drill reports TIMED_OUT instead of starting a validation the deletion would cut short.
 */
public class ValidationWindowClosedException extends DrillException {

    public ValidationWindowClosedException(String message) {
        super(message);
    }
}
