package io.restoredrill.core.port;

/** Receives progress of a long restore. Called from the restoring thread; implementations must be cheap. */
public interface RestoreProgress {

    RestoreProgress NONE = (bytesRead, rowsCopied) -> { };

    /** Cumulative bytes of the dump consumed and rows copied so far. */
    void update(long bytesRead, long rowsCopied);

    /** The restore ended (completed or failed); called once by the drill, not by restorers. */
    default void finished() {
    }
}
