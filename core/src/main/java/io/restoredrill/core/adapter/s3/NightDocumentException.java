package io.restoredrill.core.adapter.s3;

/**
 * A night's document (its items, the Map's results, its summary, the drill list) could not be read or written in
 * S3: not a verdict on any backup. The plan or summarize step fails, and the state machine may retry it.
 */
public class NightDocumentException extends RuntimeException {

    public NightDocumentException(String message, Throwable cause) {
        super(message, cause);
    }

    public NightDocumentException(String message) {
        super(message);
    }
}
