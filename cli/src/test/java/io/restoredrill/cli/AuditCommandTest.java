package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.SyntheticHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.audit.AccountAudit;
import io.restoredrill.core.adapter.backup.AwsBackupVaults;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** {@code restore-drill audit} on moto's RDS and S3: the incident's world, the exit codes and the JSON. */
class AuditCommandTest {

    private static final String BUCKET = "drill-reports";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private MotoRdsAccount account;
    private static URI backupApi = URI.create("http://127.0.0.1:9");

    @BeforeEach
    void world() {
        account = MotoRdsAccount.create();
        try (S3Client s3 = motoS3()) {
            s3.createBucket(r -> r.bucket(BUCKET));
        }
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void exitsOneAndNamesEachHighFindingWithItsFix(@TempDir Path folder) throws Exception {
        account.productionInstance("billing-prod", false);
        account.manualSnapshot("billing-prod", "billing-manual-1");
        account.productionInstance("orders-prod", true);
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");
        account.productionInstance("scratch-dev", false);
        account.rds().addTagsToResource(r -> r.resourceName("arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT
                + ":db:scratch-dev").tags(Tag.builder().key("restore-drill:audit-exclude").value("throwaway data").build()));
        storePassedReport("payments", "RDS snapshot payments-manual-1 (manual) of payments-prod", NOW.minus(Duration.ofHours(10)));
        Path json = folder.resolve("audit.json");

        Result result = run("audit", "--reports", "s3://" + BUCKET + "/reports/", "--json", json.toString());

        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(RestoreDrillCli.DRILL_FAILED);
        assertThat(result.out())
                .contains("audit: RDS in us-east-1: 4 database(s), 1 excluded")
                .contains("HIGH     instance billing-prod: deletion protection OFF")
                .contains("fix: aws rds modify-db-instance --db-instance-identifier billing-prod --deletion-protection")
                .contains("HIGH     instance orders-prod: deletion protection on; automated snapshots only")
                .contains("OK       instance payments-prod: deletion protection on; newest independent backup"
                        + " payments-manual-1 (manual,")
                .contains("drill payments passed 10.0 h ago")
                .contains("EXCLUDED instance scratch-dev: throwaway data")
                .contains("audit: 2 high, 2 medium, 0 low finding(s): FAILED");

        JsonNode audit = new ObjectMapper().readTree(json.toFile());
        assertThat(audit.path("high").asLong()).isEqualTo(2);
        JsonNode databases = audit.path("regions").path(0).path("databases");
        assertThat(databases).hasSize(4);
        JsonNode orders = find(databases, "orders-prod");
        assertThat(orders.path("onlyAutomatedBackups").asBoolean()).isTrue();
        assertThat(orders.path("worstSeverity").asText()).isEqualTo("high");
        assertThat(orders.path("findings").path(0).path("check").asText()).isEqualTo("independent-backup");
        JsonNode payments = find(databases, "payments-prod");
        assertThat(payments.path("findings")).isEmpty();
        assertThat(payments.path("drill").path("name").asText()).isEqualTo("payments");
        assertThat(payments.path("drill").path("lastPassedAt").asText())
                .isEqualTo(NOW.minus(Duration.ofHours(10)).toString());
        assertThat(payments.path("newestIndependentBackup").path("type").asText()).isEqualTo("manual");
        JsonNode scratch = find(databases, "scratch-dev");
        assertThat(scratch.path("excluded").asBoolean()).isTrue();
        assertThat(scratch.path("excludedBecause").asText()).isEqualTo("throwaway data");
    }

    @Test
    void exitsZeroWhenNothingIsHighAndAuditsEveryRegionGiven() {
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");
        try (RdsClient ireland = rds(Optional.of(Region.EU_WEST_1))) {
            ireland.createDBInstance(r -> r.dbInstanceIdentifier("eu-orders").engine("postgres").engineVersion("15.5")
                    .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword("not-a-secret-1")
                    .allocatedStorage(20).backupRetentionPeriod(7).deletionProtection(true)
                    .tags(Tag.builder().key("owner").value("eu").build()));
            ireland.createDBSnapshot(r -> r.dbInstanceIdentifier("eu-orders").dbSnapshotIdentifier("eu-orders-1"));
        }

        Result result = run("audit", "--region", "us-east-1", "--region", "eu-west-1");

        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(RestoreDrillCli.PASSED);
        assertThat(result.out()).contains("audit: RDS in us-east-1: 1 database(s)")
                .contains("OK       instance payments-prod")
                .contains("audit: RDS in eu-west-1: 1 database(s)")
                .contains("OK       instance eu-orders")
                .contains("note: drill coverage not checked")
                .contains("audit: 0 high, 0 medium, 0 low finding(s): passed");
    }

    @Test
    void aNamedExclusionTagReplacesTheDefaultOne() {
        account.productionInstance("legacy-prod", false);
        account.rds().addTagsToResource(r -> r.resourceName("arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT
                + ":db:legacy-prod").tags(Tag.builder().key("lifecycle").value("retiring").build()));

        Result result = run("audit", "--exclude-tag", "lifecycle=retiring");

        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(RestoreDrillCli.PASSED);
        assertThat(result.out()).contains("EXCLUDED instance legacy-prod: tag lifecycle=retiring");
    }

    @Test
    void readsCopiesInTheOtherRegionsAndThroughTheBackupAccountRoleAndSaysWhere() {
        account.productionInstance("orders-prod", true);
        String role = "arn:aws:iam::111122223333:role/restore-drill-audit";

        Result result = run("audit", "--copies-in", "eu-west-1", "--backup-account-role", role);

        // moto leaves SourceDBSnapshotIdentifier out of its copies, so none is found here (RdsBackupCopiesTest shows
        // what one found does); this proves each place was read: the role assumed through STS, each region listed.
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(RestoreDrillCli.DRILL_FAILED);
        assertThat(result.out()).contains("note: copies counted as independent backups from: this account in"
                + " eu-west-1; account 111122223333 in us-east-1 (role " + role + "); account 111122223333 in"
                + " eu-west-1 (role " + role + ")");
        assertThat(result.out()).doesNotContain(AccountAudit.CROSS_ACCOUNT_NOTE);
    }

    @Test
    void withBackupVaultsAnUnlockedVaultHoldingADatabasesBackupsIsAMediumFinding() throws Exception {
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");
        // moto has no ListRecoveryPointsByResource: a stand-in answers the documented responses
        // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByResource.html).
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String body = path.startsWith("/resources/")
                    ? "{\"RecoveryPoints\": [{\"BackupVaultName\": \"prod-vault\", \"Status\": \"COMPLETED\"}]}"
                    : "{\"BackupVaultName\": \"prod-vault\", \"BackupVaultArn\": \"arn:aws:backup:us-east-1:"
                            + MotoServer.ACCOUNT + ":backup-vault:prod-vault\", \"Locked\": false}";
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            backupApi = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

            Result result = run("audit", "--backup-vaults");

            assertThat(result.code()).as(result.out() + result.err()).isEqualTo(RestoreDrillCli.PASSED);
            assertThat(result.out()).contains("MEDIUM its AWS Backup vault prod-vault has no vault lock")
                    .contains("fix: aws backup put-backup-vault-lock-configuration --backup-vault-name prod-vault")
                    .doesNotContain("AWS Backup vault locks not checked");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBackupAccountRoleThatIsNotARoleArnIsAUsageError() {
        Result result = run("audit", "--backup-account-role", "restore-drill-audit");

        assertThat(result.code()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(result.err()).contains("--backup-account-role").contains("is not a role ARN");
    }

    @Test
    void exitsTwoOnUsageErrors(@TempDir Path folder) {
        assertThat(run("audit", "--max-backup-age", "soon").code()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(run("audit", "--reports", "reports/").code()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        Result noFolder = run("audit", "--json", folder.resolve("missing/audit.json").toString());
        assertThat(noFolder.code()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(noFolder.err()).contains("--json").contains("does not exist");
        assertThat(run("audit", "--no-such-option").code()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
    }

    private static JsonNode find(JsonNode databases, String identifier) {
        for (JsonNode d : databases) {
            if (d.path("identifier").asText().equals(identifier)) {
                return d;
            }
        }
        throw new AssertionError("no database " + identifier + " in " + databases);
    }

    private static void storePassedReport(String drill, String source, Instant startedAt) {
        DrillReport r = SyntheticHistory.report(0, 0, 1, startedAt);
        DrillReport report = new DrillReport(r.drillId(), drill, Verdict.PASSED, Optional.empty(), source, r.backup(),
                r.target(), startedAt, r.timings(), r.restore(), List.of(), r.tables(), List.of(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
        try (S3Client s3 = motoS3()) {
            new S3ReportStore(s3, BUCKET, "reports").store(report, "arn:aws:states:us-east-1:123:execution:d:" + drill);
        }
    }

    private static S3Client motoS3() {
        return MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
    }

    private static RdsClient rds(Optional<Region> region) {
        var builder = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient());
        region.ifPresent(builder::region);
        return builder.build();
    }

    /** The backup account's client as the CLI builds it, with moto's STS: moto acts in the role's account. */
    private static RdsClient assumingRole(Region region, String roleArn) {
        StsClient sts = MotoServer.configure(StsClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
        return MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient()).region(region)
                .credentialsProvider(StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                        .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("restore-drill-audit")).build())
                .build();
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = RestoreDrillCli.commandLine(new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == AuditCommand.class
                        ? (K) new AuditCommand(AuditCommandTest::rds, AuditCommandTest::assumingRole,
                                region -> new AwsBackupVaults(backupApi, region,
                                        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                                        UrlConnectionHttpClient.builder().build()),
                                AuditCommandTest::motoS3, Clock.fixed(NOW, ZoneOffset.UTC))
                        : defaults.create(type);
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }
}
