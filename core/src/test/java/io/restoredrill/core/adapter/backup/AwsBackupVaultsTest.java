package io.restoredrill.core.adapter.backup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsDatabaseInventory;
import io.restoredrill.core.audit.AccountAudit;
import io.restoredrill.core.audit.AccountAuditReport;
import io.restoredrill.core.audit.AuditPolicy;
import io.restoredrill.core.audit.Finding;
import io.restoredrill.core.domain.BackupVault;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS Backup's REST API as the API Reference documents it: moto serves DescribeBackupVault and vault locks but not
 * ListRecoveryPointsByResource, so a stand-in (the JDK's HTTP server) answers the documented responses
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByResource.html,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html); one test reads moto's vaults.
 */
class AwsBackupVaultsTest {

    private static final String DB_ARN = "arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT + ":db:orders-prod";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheVaultsHoldingADatabasesRecoveryPointsPageByPageAndEachVaultsLock() {
        String points = "/resources/" + encoded(DB_ARN) + "/recovery-points/";
        answer("GET " + points + "?maxResults=1000", 200, """
                {"NextToken": "page-2", "RecoveryPoints": [
                  {"RecoveryPointArn": "arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1",
                   "BackupVaultName": "prod-vault", "Status": "COMPLETED", "CreationDate": 1764126000}]}""");
        answer("GET " + points + "?maxResults=1000&nextToken=page-2", 200, """
                {"RecoveryPoints": [
                  {"BackupVaultName": "prod-vault", "Status": "COMPLETED"},
                  {"BackupVaultName": "locked-vault", "Status": "COMPLETED"}]}""");
        answer("GET /backup-vaults/prod-vault", 200, """
                {"BackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault",
                 "BackupVaultName": "prod-vault", "NumberOfRecoveryPoints": 40}""");
        answer("GET /backup-vaults/locked-vault", 200, """
                {"BackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:locked-vault",
                 "BackupVaultName": "locked-vault", "Locked": true, "MinRetentionDays": 35, "MaxRetentionDays": 365,
                 "LockDate": 1764126000}""");

        try (AwsBackupVaults vaults = vaults()) {
            List<BackupVault> held = vaults.holding(DB_ARN);
            vaults.holding(DB_ARN); // each vault is described once per audit

            assertThat(held).containsExactly(
                    new BackupVault("prod-vault", "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault",
                            false, OptionalInt.empty()),
                    new BackupVault("locked-vault", "arn:aws:backup:us-east-1:123456789012:backup-vault:locked-vault",
                            true, OptionalInt.of(35)));
        }
        // The ARN is one path segment (its colons and slashes percent-encoded); MaxResults is at least the 20 that
        // the Reference says RDS resources require.
        assertThat(requests).filteredOn(r -> r.startsWith("GET /backup-vaults/")).hasSize(2);
        assertThat(requests).filteredOn(r -> r.contains("/recovery-points/")).hasSize(4)
                .allSatisfy(r -> assertThat(r).contains("maxResults=1000"));
        assertThat(AwsBackupVaults.MAX_RESULTS).isBetween(20, 1000);
        // Signed with Signature Version 4 for the service "backup" in the region.
        assertThat(authorizations).allSatisfy(a -> assertThat(a).startsWith("AWS4-HMAC-SHA256 Credential=testing/")
                .contains("/us-east-1/backup/aws4_request"));
    }

    @Test
    void aDatabaseAwsBackupDoesNotKnowHasNoVault() {
        answer("GET /resources/" + encoded(DB_ARN) + "/recovery-points/?maxResults=1000", 404,
                "{\"Code\": \"ResourceNotFoundException\", \"Message\": \"Resource not found\"}",
                "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.backup/");
        try (AwsBackupVaults vaults = vaults()) {
            assertThat(vaults.holding(DB_ARN)).isEmpty();
        }
    }

    @Test
    void aRefusalNamesThePermission() {
        answer("GET /resources/" + encoded(DB_ARN) + "/recovery-points/?maxResults=1000", 403,
                "{\"Message\": \"User is not authorized to perform: backup:ListRecoveryPointsByResource\"}",
                "AccessDeniedException");
        try (AwsBackupVaults vaults = vaults()) {
            assertThatThrownBy(() -> vaults.holding(DB_ARN)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("AccessDeniedException")
                    .hasMessageContaining("the audit needs backup:ListRecoveryPointsByResource");
        }
    }

    @Test
    void theAuditFindsAnUnlockedVaultHoldingADatabasesBackups() {
        try (MotoRdsAccount account = MotoRdsAccount.create(); AwsBackupVaults vaults = vaults()) {
            account.productionInstance("orders-prod", true);
            account.manualSnapshot("orders-prod", "orders-manual-1");
            answer("GET /resources/" + encoded(DB_ARN) + "/recovery-points/?maxResults=1000", 200,
                    "{\"RecoveryPoints\": [{\"BackupVaultName\": \"prod-vault\", \"Status\": \"COMPLETED\"}]}");
            answer("GET /backup-vaults/prod-vault", 200, "{\"BackupVaultName\": \"prod-vault\", \"BackupVaultArn\":"
                    + " \"arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault\", \"Locked\": false}");

            AccountAuditReport report = new AccountAudit(new RdsDatabaseInventory(account.rds()), Optional.empty(),
                    List.of(), Optional.of(vaults), AuditPolicy.defaults(),
                    Clock.fixed(Instant.now(), ZoneOffset.UTC)).run();

            assertThat(report.databases()).singleElement().satisfies(d -> {
                assertThat(d.backupVaults()).extracting(BackupVault::name).containsExactly("prod-vault");
                assertThat(d.findings()).filteredOn(f -> f.check().equals("vault-lock")).singleElement()
                        .satisfies(f -> assertThat(f.fix()).contains("put-backup-vault-lock-configuration"
                                + " --backup-vault-name prod-vault"));
            });
            assertThat(report.notes()).noneMatch(n -> n.startsWith("AWS Backup vault locks not checked"));
        }
    }

    @Test
    void readsALockFromMotosVault() throws Exception {
        moto("PUT", "/backup-vaults/nightly-vault", "{}");
        moto("PUT", "/backup-vaults/nightly-vault/vault-lock", "{\"MinRetentionDays\": 7}");
        // moto has no ListRecoveryPointsByResource: the stand-in names the vault, moto describes it.
        answer("GET /resources/" + encoded(DB_ARN) + "/recovery-points/?maxResults=1000", 200,
                "{\"RecoveryPoints\": [{\"BackupVaultName\": \"nightly-vault\"}]}");
        String vault = moto("GET", "/backup-vaults/nightly-vault", null);
        answer("GET /backup-vaults/nightly-vault", 200, vault);

        try (AwsBackupVaults vaults = vaults()) {
            assertThat(vaults.holding(DB_ARN)).singleElement().satisfies(v -> {
                assertThat(v.locked()).isTrue();
                assertThat(v.minRetentionDays()).hasValue(7);
                assertThat(v.arn()).endsWith(":backup-vault:nightly-vault");
            });
        }
    }

    private AwsBackupVaults vaults() {
        return new AwsBackupVaults(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                UrlConnectionHttpClient.builder().build());
    }

    private void answer(String request, int status, String body, String... errorType) {
        answers.put(request, new String[] {Integer.toString(status), body, errorType.length > 0 ? errorType[0] : ""});
    }

    private void serve(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(request);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String[] answer = answers.getOrDefault(request, new String[] {"404",
                "{\"Code\": \"ResourceNotFoundException\", \"Message\": \"not stubbed: " + request + "\"}",
                "ResourceNotFoundException"});
        if (!answer[2].isEmpty()) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", answer[2]);
        }
        byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String encoded(String arn) {
        return software.amazon.awssdk.utils.http.SdkHttpUtils.urlEncode(arn);
    }

    /** One raw REST call to moto's AWS Backup (the build has no SDK client for it). */
    private static String moto(String method, String path, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) MotoServer.endpoint().resolve(path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261201/us-east-1/backup/"
                + "aws4_request, SignedHeaders=host, Signature=0");
        if (json != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        if (status >= 300) {
            throw new IllegalStateException("moto " + method + " " + path + " answered " + status);
        }
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
