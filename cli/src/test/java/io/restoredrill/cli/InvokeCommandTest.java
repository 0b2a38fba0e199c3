package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-drill invoke}: the real handlers with their runtime wiring, in a child JVM whose environment points
 * at moto, as a user's shell would.
 */
class InvokeCommandTest {

    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:manual-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoRdsAccount account;

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void restoreCreatesTheTemporaryInstanceAndCleanupOnItsOutputDeletesIt(@TempDir Path dir) throws Exception {
        // Without deletion protection: moto ignores the restore's DeletionProtection=false (it skips false
        // overrides) and copies the snapshot's, which would make the temporary instance undeletable here.
        account.productionInstance("orders-prod", false);
        account.manualSnapshot("orders-prod", "orders-nightly-1");

        CliProcess.Finished restore = CliProcess.run(dir, moto(), "invoke", "restore", "--event", stateFile(dir).toString());

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        JsonNode restored = JSON.readTree(restore.out());
        String instance = restored.at("/instance/id").asText();
        assertThat(instance).startsWith("restore-drill-");
        assertThat(restored.at("/backup/identifier").asText()).isEqualTo("orders-nightly-1");
        assertThat(instanceIds()).contains(instance);

        Path restoredState = Files.writeString(dir.resolve("restored.json"), restore.out());
        CliProcess.Finished cleanup = CliProcess.run(dir, moto(), "invoke", "cleanup", "--event", restoredState.toString());

        assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
        assertThat(JSON.readTree(cleanup.out()).at("/cleanup/result").asText()).isEqualTo("deleted");
        assertThat(instanceIds()).containsExactly("orders-prod");
    }

    @Test
    void cleanupNamingTheProductionInstanceFailsWithTheSafetyErrorAndDeletesNothing(@TempDir Path dir) throws Exception {
        account.productionInstance("orders-prod", false);
        Path state = Files.writeString(dir.resolve("state.json"), """
                {"drill": %s, "executionId": "%s",
                 "instance": {"id": "orders-prod", "status": "available", "rdsStatus": "available",
                              "expiresAt": "2026-01-01T00:00:00Z"}}
                """.formatted(drill(), EXECUTION));

        CliProcess.Finished cleanup = CliProcess.run(dir, moto(), "invoke", "cleanup", "--event", state.toString());

        assertThat(cleanup.exitCode()).isEqualTo(1);
        assertThat(cleanup.err()).contains("error: io.restoredrill.core.domain.UnsafeDeletionException: ")
                .contains("orders-prod");
        assertThat(cleanup.out()).isEmpty();
        assertThat(instanceIds()).containsExactly("orders-prod");
    }

    @Test
    void validateWithoutItsReportsBucketIsAConfigurationErrorNamingTheVariable(@TempDir Path dir) throws Exception {
        Map<String, String> environment = moto();
        environment.put("REPORTS_BUCKET", null);

        CliProcess.Finished validate = CliProcess.run(dir, environment, "invoke", "validate", "--event",
                stateFile(dir).toString());

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err()).contains("io.restoredrill.core.domain.InvalidConfigurationException")
                .contains("REPORTS_BUCKET");
    }

    @Test
    void restoreWithoutARegionIsAConfigurationErrorNamingTheVariable(@TempDir Path dir) throws Exception {
        Map<String, String> environment = moto();
        environment.put("AWS_REGION", null);
        environment.put("AWS_DEFAULT_REGION", null);

        CliProcess.Finished restore = CliProcess.run(dir, environment, "invoke", "restore", "--event",
                stateFile(dir).toString());

        assertThat(restore.exitCode()).as(restore.err()).isEqualTo(2);
        assertThat(restore.err()).contains("InvalidConfigurationException").contains("AWS_REGION");
    }

    @Test
    void reapWithoutAnEventDeletesExpiredDrillInstancesAndPrintsOnlyItsReportOnStdout(@TempDir Path dir) throws Exception {
        account.productionInstance("orders-prod", false);
        String expired = "restore-drill-orders-0123456789ab";
        account.rds().createDBInstance(r -> r.dbInstanceIdentifier(expired).engine("postgres").engineVersion("15.5")
                .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword("not-a-secret-1")
                .allocatedStorage(20).dbSubnetGroupName(MotoRdsAccount.SUBNET_GROUP).tags(
                        Tag.builder().key("restore-drill:temporary").value("true").build(),
                        Tag.builder().key("restore-drill:drill").value("orders").build(),
                        Tag.builder().key("restore-drill:execution").value(EXECUTION).build(),
                        Tag.builder().key("restore-drill:expires-at").value("2026-01-01T00:00:00Z").build()));

        CliProcess.Finished reap = CliProcess.run(dir, moto(), "invoke", "reap");

        assertThat(reap.exitCode()).as(reap.err()).isZero();
        // The reaper's EMF metric line goes to stderr here: stdout must be the report alone, as JSON.
        JsonNode report = JSON.readTree(reap.out());
        assertThat(report.path("deleted")).extracting(JsonNode::asText).containsExactly(expired);
        assertThat(reap.err()).contains("\"_aws\"");
        assertThat(instanceIds()).containsExactly("orders-prod");
    }

    @Test
    void aMissingEventFileIsAUsageError(@TempDir Path dir) {
        RunCommandTest.Result result = RunCommandTest.run("invoke", "restore", "--event", dir.resolve("nope.json").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.json").contains("no such file");
    }

    @Test
    void anUnknownFunctionIsAUsageError() {
        RunCommandTest.Result result = RunCommandTest.run("invoke", "delete-everything", "--event", "x.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown function 'delete-everything'");
    }

    private Path stateFile(Path dir) throws Exception {
        return Files.writeString(dir.resolve("state.json"), """
                {"drill": %s, "executionId": "%s"}
                """.formatted(drill(), EXECUTION));
    }

    private String drill() {
        return """
                {"name": "orders",
                 "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                 "maxBackupAgeHours": 26,
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "%s",
                                    "vpcSecurityGroupIds": ["%s"]}},
                 "checks": [{"name": "orders exist", "sql": "SELECT count(*) FROM orders", "expect": "> 0"}]}
                """.formatted(MotoRdsAccount.SUBNET_GROUP, account.securityGroupId());
    }

    private java.util.List<String> instanceIds() {
        return account.rds().describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).toList();
    }

    /** The environment a user's shell gives the CLI to reach moto: endpoint, region, dummy keys. */
    static Map<String, String> moto() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ENDPOINT_URL", MotoServer.endpoint().toString());
        environment.put("AWS_REGION", MotoServer.REGION.id());
        environment.put("AWS_ACCESS_KEY_ID", "testing");
        environment.put("AWS_SECRET_ACCESS_KEY", "testing");
        environment.put("AWS_PROFILE", null);
        return environment;
    }
}
