package io.restoredrill.core.domain;

/**
 * RDS refused an operation because the instance is busy with something else for now (e.g. deleting an instance
 * that is still {@code backing-up} after its restore: InvalidDBInstanceState). Transient: the state machine's
 * cleanup retries it, at a slower pace than throttling, until the instance can be deleted.
 */
public class InstanceBusyException extends RuntimeException {

    public InstanceBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
