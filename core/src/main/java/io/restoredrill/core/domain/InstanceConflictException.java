package io.restoredrill.core.domain;

/**
 * An RDS instance already has the name a drill's temporary instance should get, but this execution did not
 * create it (it lacks {@code restore-drill:temporary=true} or carries another execution's tag). The drill neither
 * adopts nor touches it: it needs a person to look.
 */
public class InstanceConflictException extends DrillException {

    public InstanceConflictException(String message) {
        super(message);
    }

    public InstanceConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
