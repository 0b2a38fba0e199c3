package io.restoredrill.core.domain;

/**
 * The verdict restore-drill reports to AWS Backup for a restore testing job (PutRestoreValidationResult's
 * ValidationStatus: "FAILED | SUCCESSFUL | TIMED_OUT | VALIDATING",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html). restore-drill never
 * reports VALIDATING: "Once a validation status is set, it cannot be changed"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html), so the first status sent
 * is the verdict.
 */
public enum RestoreValidationStatus {
    /** The drill's checks and proofs passed. */
    SUCCESSFUL,
    /** A check or proof failed, or validation could not run. */
    FAILED,
    /** The selection's validation window closed before validation could run. */
    TIMED_OUT
}
