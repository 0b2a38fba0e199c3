package io.restoredrill.core.adapter.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreValidationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PutRestoreValidationResult on the wire. moto 5.2.1 serves no AWS Backup restore jobs (its backup module has plans,
 * vaults, tags and report plans only), so WireMock answers as the API Reference documents
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html): the request is
 * {@code PUT /restore-jobs/<restoreJobId>/validations} with a JSON body, the answer "HTTP 204 ... with an empty HTTP
 * body", the errors 400 (InvalidParameterValueException, InvalidRequestException, MissingParameterValueException,
 * ResourceNotFoundException) and 500 (ServiceUnavailableException).
 */
class AwsBackupRestoreValidationsTest {

    /** The restore job of the documented COMPLETED event (AWS Backup Developer Guide, eventbridge.html). */
    private static final String JOB = "AB123456-78C9-0123-456D-789012E34567";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer backup;
    private AwsBackupRestoreValidations validations;

    @BeforeEach
    void start() {
        backup = new WireMockServer(options().dynamicPort());
        backup.start();
        validations = new AwsBackupRestoreValidations(URI.create(backup.baseUrl()), Region.US_WEST_2,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-key")),
                UrlConnectionHttpClient.create());
    }

    @AfterEach
    void stop() {
        validations.close();
        backup.stop();
    }

    @Test
    void putsTheVerdictOfTheRestoreJobAsTheApiReferenceSpecifiesAndSignsItForAwsBackup() throws Exception {
        backup.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(204)));

        validations.put(JOB, RestoreValidationStatus.SUCCESSFUL, "restore-drill orders: 3 checks passed");

        LoggedRequest sent = only();
        assertThat(sent.getMethod().getName()).isEqualTo("PUT");
        assertThat(sent.getUrl()).isEqualTo("/restore-jobs/" + JOB + "/validations");
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(sent.getBodyAsString());
        // ValidationStatus is required, one of FAILED | SUCCESSFUL | TIMED_OUT | VALIDATING; the message optional.
        assertThat(body.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("ValidationStatus", "ValidationStatusMessage");
        assertThat(body.path("ValidationStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(body.path("ValidationStatusMessage").asText()).isEqualTo("restore-drill orders: 3 checks passed");
        // Signature Version 4 for the service "backup" in the request's region, over the body sent.
        assertThat(sent.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/us-west-2/backup/aws4_request");
        assertThat(sent.getHeader("x-amz-content-sha256")).isEqualTo(sha256(sent.getBody()));
    }

    @Test
    void sendsEveryStatusRestoreDrillUsesByItsApiName() throws Exception {
        backup.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(204)));

        for (RestoreValidationStatus status : RestoreValidationStatus.values()) {
            validations.put(JOB, status, "why");
        }

        assertThat(backup.findAll(anyRequestedFor(anyUrl()))).extracting(r -> JSON.readTree(r.getBodyAsString())
                .path("ValidationStatus").asText()).containsExactly("SUCCESSFUL", "FAILED", "TIMED_OUT");
        assertThat(List.of("FAILED", "SUCCESSFUL", "TIMED_OUT", "VALIDATING"))
                .containsAll(java.util.Arrays.stream(RestoreValidationStatus.values()).map(Enum::name).toList());
    }

    @Test
    void aLongReasonIsShortenedToTheCapAndKeepsItsStart() throws Exception {
        backup.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(204)));
        String reason = "check orders-present failed: " + "x".repeat(5000);

        validations.put(JOB, RestoreValidationStatus.FAILED, reason);

        String message = JSON.readTree(only().getBodyAsString()).path("ValidationStatusMessage").asText();
        assertThat(message).hasSize(AwsBackupRestoreValidations.MAX_MESSAGE_CHARS)
                .startsWith("check orders-present failed: ").endsWith("…");
    }

    @Test
    void aRestoreJobIdIsEncodedAsOnePathSegment() {
        backup.stubFor(put(urlPathEqualTo("/restore-jobs/a%2Fb/validations")).willReturn(aResponse().withStatus(204)));

        validations.put("a/b", RestoreValidationStatus.FAILED, "why");

        assertThat(only().getUrl()).isEqualTo("/restore-jobs/a%2Fb/validations");
    }

    @Test
    void aRefusalNamesTheErrorAndAServiceUnavailableIsTransient() {
        backup.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(400)
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException:http://internal")
                .withBody("{\"Message\": \"Restore job not found\"}")));
        assertThatThrownBy(() -> validations.put(JOB, RestoreValidationStatus.FAILED, "why"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("ResourceNotFoundException: Restore job not found (HTTP 400)")
                .hasMessageContaining(JOB);

        backup.resetAll();
        backup.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(500)
                .withHeader("x-amzn-ErrorType", "ServiceUnavailableException")));
        assertThatThrownBy(() -> validations.put(JOB, RestoreValidationStatus.FAILED, "why"))
                .isInstanceOf(AwsThrottlingException.class).hasMessageContaining("transient");
    }

    @Test
    void refusesABlankRestoreJobIdBeforeSendingAnything() {
        assertThatThrownBy(() -> validations.put(" ", RestoreValidationStatus.FAILED, "why"))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(backup.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private LoggedRequest only() {
        List<LoggedRequest> all = backup.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static String sha256(byte[] body) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }
}
