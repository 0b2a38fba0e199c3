package io.restoredrill.core.port;

import io.restoredrill.core.domain.RestoreValidationStatus;

/** Where a restore testing job's validation verdict goes: AWS Backup, through PutRestoreValidationResult. */
public interface RestoreValidationResults {

    /**
     * Reports the verdict of one restore job's validation; AWS Backup keeps the first one it is given.
     *
     * @param restoreJobId the restore job, as the job's completion event names it
     * @param message      why, for people (the AWS Backup console shows it); shortened to what the client sends
     * @throws io.restoredrill.core.domain.AwsThrottlingException        when AWS Backup is throttling or unavailable
     * @throws io.restoredrill.core.domain.InvalidConfigurationException when AWS Backup refuses the request
     */
    void put(String restoreJobId, RestoreValidationStatus status, String message);
}
