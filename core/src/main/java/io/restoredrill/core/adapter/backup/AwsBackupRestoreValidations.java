package io.restoredrill.core.adapter.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreValidationStatus;
import io.restoredrill.core.port.RestoreValidationResults;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports a restore testing job's validation to AWS Backup: PutRestoreValidationResult, signed with Signature
 * Version 4 by the SDK's own signer, as {@link AwsBackupVaults} signs its reads (the SDK's {@code backup} module is not
 * available to this build). From the API Reference
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html):
 * {@code PUT /restore-jobs/<restoreJobId>/validations}, {@code Content-type: application/json},
 * {@code {"ValidationStatus": "FAILED | SUCCESSFUL | TIMED_OUT | VALIDATING", "ValidationStatusMessage": "..."}}, both
 * required but the message; "HTTP 204 response with an empty HTTP body" on success; errors
 * InvalidParameterValueException, InvalidRequestException, MissingParameterValueException, ResourceNotFoundException
 * (400) and ServiceUnavailableException (500).
 *
 * <p>The API Reference (and the service model) give the message no length limit; restore-drill sends at most
 * {@value #MAX_MESSAGE_CHARS} characters, which the console shows in one piece: the whole reason is in restore-drill's
 * own report, which the message names.
 */
public final class AwsBackupRestoreValidations implements RestoreValidationResults, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AwsBackupRestoreValidations.class);

    /** restore-drill's own cap on ValidationStatusMessage (AWS documents none). */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private final BackupRest rest;

    public AwsBackupRestoreValidations(URI endpoint, Region region, AwsCredentialsProvider credentials,
                                       SdkHttpClient http) {
        this(new BackupRest(endpoint, region, credentials, http));
    }

    private AwsBackupRestoreValidations(BackupRest rest) {
        this.rest = rest;
    }

    /** The environment's region, credentials and endpoint ({@code AWS_ENDPOINT_URL_BACKUP} / {@code AWS_ENDPOINT_URL}). */
    public static AwsBackupRestoreValidations fromEnvironment(Optional<Region> region) {
        return new AwsBackupRestoreValidations(BackupRest.fromEnvironment(region));
    }

    /** The message as sent: at most {@value #MAX_MESSAGE_CHARS} characters, cut with an ellipsis. */
    static String shortened(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int end = MAX_MESSAGE_CHARS - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return message.substring(0, end) + "…";
    }

    @Override
    public void put(String restoreJobId, RestoreValidationStatus status, String message) {
        Objects.requireNonNull(restoreJobId, "restoreJobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        if (restoreJobId.isBlank()) {
            throw new InvalidConfigurationException("no restore job id: AWS Backup's event names the job it completed"
                    + " in detail.restoreJobId");
        }
        ObjectNode body = BackupRest.JSON.createObjectNode();
        body.put("ValidationStatus", status.name());
        body.put("ValidationStatusMessage", shortened(message));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = rest.request("/restore-jobs/" + SdkHttpUtils.urlEncode(restoreJobId)
                        + "/validations").method(SdkHttpMethod.PUT)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .contentStreamProvider(RequestBody.fromBytes(bytes).contentStreamProvider())
                .build();
        String where = "AWS Backup PutRestoreValidationResult for restore job " + restoreJobId + " in "
                + rest.region().id();
        try {
            BackupRest.Answer answer = rest.send(request);
            if (answer.ok()) {
                log.info("reported {} to AWS Backup for restore job {}", status, restoreJobId);
                return;
            }
            if (answer.transientError()) {
                throw new AwsThrottlingException(where + " failed with a transient error (" + answer.type() + ", HTTP "
                        + answer.status() + ")", null);
            }
            throw new InvalidConfigurationException(where + " failed: " + answer.type() + ": " + answer.message()
                    + " (HTTP " + answer.status() + "); the restore-testing report function needs"
                    + " backup:PutRestoreValidationResult, and AWS Backup keeps only the first status a job is given");
        } catch (IOException e) {
            throw new AwsThrottlingException(where + " got no answer from " + rest.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        rest.close();
    }
}
