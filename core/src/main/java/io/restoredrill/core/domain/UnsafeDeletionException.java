package io.restoredrill.core.domain;

/**
 * restore-drill refused to delete an instance because it cannot prove the drill created it (wrong name, missing
 * tag, another execution's instance). Nothing was deleted. This is the guard against the incident this product
 * exists for: it must never be retried into success, and it always needs a person to look.
 */
public class UnsafeDeletionException extends RuntimeException {

    public UnsafeDeletionException(String message) {
        super(message);
    }
}
