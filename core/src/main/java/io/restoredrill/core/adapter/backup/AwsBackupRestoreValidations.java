package io.restoredrill.core.adapter.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreValidationStatus;
import io.restoredrill.core.port.RestoreValidationResults;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.http.SdkHttpUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    public AwsBackupRestoreValidations(URI endpoint, Region region, AwsCredentialsProvider credentials,
                                       SdkHttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The environment's region, credentials and endpoint ({@code AWS_ENDPOINT_URL_BACKUP} / {@code AWS_ENDPOINT_URL}). */
    public static AwsBackupRestoreValidations fromEnvironment(Optional<Region> region) {
        Region r = region.orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        return new AwsBackupRestoreValidations(AwsBackupVaults.endpoint(System.getenv(), r), r,
                DefaultCredentialsProvider.builder().build(),
                UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)).build());
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
        ObjectNode body = JSON.createObjectNode();
        body.put("ValidationStatus", status.name());
        body.put("ValidationStatusMessage", shortened(message));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).uri(endpoint)
                .encodedPath(endpoint.getRawPath().replaceAll("/$", "") + "/restore-jobs/"
                        + SdkHttpUtils.urlEncode(restoreJobId) + "/validations")
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .contentStreamProvider(RequestBody.fromBytes(bytes).contentStreamProvider())
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(request.contentStreamProvider().orElseThrow())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "backup")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        String where = "AWS Backup PutRestoreValidationResult for restore job " + restoreJobId + " in " + region.id();
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int code = response.httpResponse().statusCode();
            String answer = response.responseBody().map(AwsBackupRestoreValidations::read).orElse("");
            if (code / 100 == 2) {
                log.info("reported {} to AWS Backup for restore job {}", status, restoreJobId);
                return;
            }
            String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").map(t -> t.split(":")[0])
                    .orElseGet(() -> field(answer, "__type").or(() -> field(answer, "Code")).orElse("HTTP " + code));
            String reason = field(answer, "Message").or(() -> field(answer, "message")).orElse(answer);
            if (code == 429 || code >= 500 || type.contains("Throttling") || type.contains("ServiceUnavailable")) {
                throw new AwsThrottlingException(where + " failed with a transient error (" + type + ", HTTP " + code
                        + ")", null);
            }
            throw new InvalidConfigurationException(where + " failed: " + type + ": " + reason + " (HTTP " + code
                    + "); the restore-testing report function needs backup:PutRestoreValidationResult, and AWS Backup"
                    + " keeps only the first status a job is given");
        } catch (IOException e) {
            throw new AwsThrottlingException(where + " got no answer from " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull(name) ? Optional.of(node.get(name).asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
