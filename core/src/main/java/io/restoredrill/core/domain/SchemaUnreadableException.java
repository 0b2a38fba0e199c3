package io.restoredrill.core.domain;

/** The schema of a restored database could not be read for its fingerprint (timeout, permission, connection). */
public class SchemaUnreadableException extends DrillException {

    public SchemaUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
