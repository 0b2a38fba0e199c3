package io.restoredrill.core.adapter.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.BackupVault;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.port.BackupVaults;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final Map<String, BackupVault> described = new HashMap<>();

    public AwsBackupVaults(URI endpoint, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The environment's region, credentials and endpoint, as the SDK's clients take them. */
    public static AwsBackupVaults fromEnvironment(Optional<Region> region) {
        Region r = region.orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        return new AwsBackupVaults(endpoint(System.getenv(), r), r, DefaultCredentialsProvider.builder().build(),
                UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)).build());
    }

    static URI endpoint(Map<String, String> env, Region region) {
        String configured = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_BACKUP"))
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))).filter(v -> !v.isBlank()).orElse(null);
        return URI.create(configured != null ? configured : "https://backup." + region.id() + ".amazonaws.com");
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
                .orElseThrow(() -> new InvalidConfigurationException("AWS Backup in " + region.id()
                        + " lists recovery points in vault " + name + " but does not describe that vault"));
        JsonNode min = vault.path("MinRetentionDays");
        return new BackupVault(vault.path("BackupVaultName").asText(name), vault.path("BackupVaultArn").asText(""),
                vault.path("Locked").asBoolean(false), min.isNumber() ? OptionalInt.of(min.asInt()) : OptionalInt.empty());
    }

    /** The answer's JSON; empty on a 404 ResourceNotFoundException. */
    private Optional<JsonNode> get(String action, String encodedPath, Map<String, String> query) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(endpoint)
                .encodedPath(endpoint.getRawPath().replaceAll("/$", "") + encodedPath)
                .putHeader("Accept", "application/json");
        query.forEach(request::putRawQueryParameter);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "backup")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        String where = "AWS Backup " + action + " in " + region.id();
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).build()).call();
            int status = response.httpResponse().statusCode();
            String body = response.responseBody().map(AwsBackupVaults::read).orElse("");
            if (status / 100 == 2) {
                return Optional.of(body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body));
            }
            String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").map(t -> t.split(":")[0])
                    .orElseGet(() -> field(body, "__type").or(() -> field(body, "Code")).orElse("HTTP " + status));
            String message = field(body, "Message").or(() -> field(body, "message")).orElse(body);
            if (status == 404 && type.contains("ResourceNotFound")) {
                return Optional.empty();
            }
            if (status == 429 || status >= 500 || type.contains("Throttling")) {
                throw new AwsThrottlingException(where + " failed with a transient error (" + type + ", HTTP " + status
                        + ")", null);
            }
            throw new InvalidConfigurationException(where + " failed: " + type + ": " + message + " (HTTP " + status
                    + "); the audit needs backup:" + action);
        } catch (IOException e) {
            throw new InvalidConfigurationException(where + " got no answer from " + endpoint + ": " + e.getMessage(), e);
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
