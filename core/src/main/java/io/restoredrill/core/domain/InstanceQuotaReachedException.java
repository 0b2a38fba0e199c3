package io.restoredrill.core.domain;

/**
 * RDS refused to create the temporary instance because the account's DB instance quota or storage quota is reached
 * (InstanceQuotaExceeded, StorageQuotaExceeded). At a concurrency near the quota this is usually for minutes only:
 * RDS counts an instance against the quota until its deletion ends, so a drill that starts as another ends meets it.
 * The state machine's Restore retries it, slowly, so the drill queues for room instead of failing; after the retries it
 * fails the drill with this message.
 */
public class InstanceQuotaReachedException extends RuntimeException {

    public InstanceQuotaReachedException(String message, Throwable cause) {
        super(message, cause);
    }

    public InstanceQuotaReachedException(String message) {
        super(message);
    }
}
