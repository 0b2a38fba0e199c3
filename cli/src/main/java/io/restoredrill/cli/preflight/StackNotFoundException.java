package io.restoredrill.cli.preflight;

/** The stack the preflight was asked about does not exist in this account and region (a usage error). */
public final class StackNotFoundException extends RuntimeException {

    public StackNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
