package io.restoredrill.core.domain;

/**
 * The only restorable backups of the production instance are automated snapshots, which RDS deletes with the
 * instance, and the drill spec does not allow them. The backup the incident needed does not exist.
 */
public class NoIndependentBackupException extends NoBackupFoundException {

    public NoIndependentBackupException(String message) {
        super(message);
    }
}
