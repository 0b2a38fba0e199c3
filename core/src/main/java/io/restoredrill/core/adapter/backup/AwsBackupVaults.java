package io.restoredrill.core.adapter.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.BackupVault;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.port.BackupVaults;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * AWS Backup's vaults for the account audit, through two read-only calls of its REST API, signed with Signature
 * Version 4 by the SDK's own signer. The SDK's {@code backup} module is not available to this build, so the two
 * requests are built here from the API Reference:
 * <ul>
 *   <li>ListRecoveryPointsByResource: {@code GET /resources/<resourceArn>/recovery-points/?maxResults=N&nextToken=T},
 *       answering {@code {"NextToken", "RecoveryPoints": [{"BackupVaultName", "Status", ...}]}}; "Amazon RDS requires
 *       a value of at least 20" for MaxResults (1 to 1000).
 *       https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByResource.html</li>
 *   <li>DescribeBackupVault: {@code GET /backup-vaults/<backupVaultName>}, answering {@code {"BackupVaultArn",
 *       "BackupVaultName", "Locked", "MinRetentionDays", ...}}; {@code Locked} "indicates whether Backup Vault Lock is
 *       currently protecting the backup vault".
 *       https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html</li>
 * </ul>
 * The endpoint is {@code https://backup.<region>.amazonaws.com}, or {@code AWS_ENDPOINT_URL_BACKUP} /
 * {@code AWS_ENDPOINT_URL} when set, as the SDK's own clients read them. Each vault is described once per audit.
 */
public final class AwsBackupVaults implements BackupVaults, AutoCloseable {

    /** Recovery points per page: the maximum, and above the 20 that RDS resources require. */
    static final int MAX_RESULTS = 1000;

    private final BackupRest rest;
    private final Map<String, BackupVault> described = new HashMap<>();

    public AwsBackupVaults(URI endpoint, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this(new BackupRest(endpoint, region, credentials, http));
    }

    private AwsBackupVaults(BackupRest rest) {
        this.rest = rest;
    }

    /** The environment's region, credentials and endpoint, as the SDK's clients take them. */
    public static AwsBackupVaults fromEnvironment(Optional<Region> region) {
        return new AwsBackupVaults(BackupRest.fromEnvironment(region));
    }

    @Override
    public List<BackupVault> holding(String resourceArn) {
        Set<String> names = new LinkedHashSet<>();
        Optional<String> next = Optional.empty();
        do {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("maxResults", Integer.toString(MAX_RESULTS));
            next.ifPresent(token -> query.put("nextToken", token));
            Optional<JsonNode> page = get("ListRecoveryPointsByResource", "/resources/"
                    + SdkHttpUtils.urlEncode(resourceArn) + "/recovery-points/", query);
            if (page.isEmpty()) {
                return List.of(); // the resource has no recovery points: AWS Backup does not know it
            }
            page.get().path("RecoveryPoints").forEach(point -> {
                String vault = point.path("BackupVaultName").asText("");
                if (!vault.isEmpty()) {
                    names.add(vault);
                }
            });
            next = Optional.ofNullable(page.get().path("NextToken").textValue()).filter(t -> !t.isEmpty());
        } while (next.isPresent());
        List<BackupVault> vaults = new ArrayList<>();
        for (String name : names) {
            vaults.add(described.computeIfAbsent(name, this::describe));
        }
        return List.copyOf(vaults);
    }

    private BackupVault describe(String name) {
        JsonNode vault = get("DescribeBackupVault", "/backup-vaults/" + SdkHttpUtils.urlEncode(name), Map.of())
                .orElseThrow(() -> new InvalidConfigurationException("AWS Backup in " + rest.region().id()
                        + " lists recovery points in vault " + name + " but does not describe that vault"));
        JsonNode min = vault.path("MinRetentionDays");
        return new BackupVault(vault.path("BackupVaultName").asText(name), vault.path("BackupVaultArn").asText(""),
                vault.path("Locked").asBoolean(false), min.isNumber() ? OptionalInt.of(min.asInt()) : OptionalInt.empty());
    }

    /** The answer's JSON; empty on a 404 ResourceNotFoundException. */
    private Optional<JsonNode> get(String action, String encodedPath, Map<String, String> query) {
        SdkHttpFullRequest.Builder request = rest.request(encodedPath).method(SdkHttpMethod.GET)
                .putHeader("Accept", "application/json");
        query.forEach(request::putRawQueryParameter);
        String where = "AWS Backup " + action + " in " + rest.region().id();
        try {
            BackupRest.Answer answer = rest.send(request.build());
            if (answer.ok()) {
                return Optional.of(answer.body().isBlank() ? BackupRest.JSON.createObjectNode()
                        : BackupRest.JSON.readTree(answer.body()));
            }
            if (answer.status() == 404 && answer.type().contains("ResourceNotFound")) {
                return Optional.empty();
            }
            if (answer.transientError()) {
                throw new AwsThrottlingException(where + " failed with a transient error (" + answer.type() + ", HTTP "
                        + answer.status() + ")", null);
            }
            throw new InvalidConfigurationException(where + " failed: " + answer.type() + ": " + answer.message()
                    + " (HTTP " + answer.status() + "); the audit needs backup:" + action);
        } catch (IOException e) {
            throw new InvalidConfigurationException(where + " got no answer from " + rest.endpoint() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        rest.close();
    }
}
