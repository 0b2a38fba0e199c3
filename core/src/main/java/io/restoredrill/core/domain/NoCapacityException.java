package io.restoredrill.core.domain;

/**
 * The account's RDS quotas leave no room for a single temporary instance: the night cannot start a drill. The
 * message names the quota, what is in use and what to do (delete unused instances, or ask AWS for a higher quota).
 * Not retried: waiting does not free a quota.
 */
public class NoCapacityException extends RuntimeException {

    public NoCapacityException(String message) {
        super(message);
    }

    public NoCapacityException(String message, Throwable cause) {
        super(message, cause);
    }
}
