package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrillSpecFileTest {

    @Test
    void readsCopySharedWithTheKeyOfThisAccount() {
        DrillSpec spec = DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod",
                  "copyShared": {"kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/ours"}}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill",
                                    "vpcSecurityGroupIds": []}}}"""), "spec");

        assertThat(spec.source()).isEqualTo(new DrillSpec.RdsSnapshots("orders-prod", false,
                Optional.of(new DrillSpec.CopyShared("arn:aws:kms:us-east-1:123456789012:key/ours"))));
        // The stack's temporary-instance security group covers a drill that names none.
        assertThat(spec.target().vpcSecurityGroupIds()).isEmpty();
    }

    @Test
    void withoutCopySharedTheSpecHasNone() {
        DrillSpec spec = DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}}"""), "spec");

        assertThat(((DrillSpec.RdsSnapshots) spec.source()).copyShared()).isEmpty();
    }

    @Test
    void refusesCopySharedWithoutAKeyOrWithUnknownKeys() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod", "copyShared": {}}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("source.rdsSnapshot.copyShared").hasMessageContaining("kmsKeyId");
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod", "copyShared": true}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must be a mapping");
    }

    private static final String SNAPSHOT_DRILL = """
            {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
             "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}""";

    @Test
    void theRestoreTimeoutIsTwoHoursUnlessTheSpecSaysOtherwise() {
        assertThat(DrillSpecFile.parse(json(SNAPSHOT_DRILL + "}"), "spec").restoreTimeout())
                .isEqualTo(java.time.Duration.ofHours(2));
        assertThat(DrillSpecFile.parse(json(SNAPSHOT_DRILL + ", \"restoreTimeout\": \"3h30m\"}"), "spec")
                .restoreTimeout()).isEqualTo(java.time.Duration.ofMinutes(210));
    }

    @Test
    void refusesARestoreTimeoutOutsideTenMinutesToTwelveHours() {
        for (String timeout : new String[] {"9m", "12h1m", "0s"}) {
            assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL.replace("\"drill\"}}",
                    "\"drill\", \"timeToLive\": \"14h\"}}") + ", \"restoreTimeout\": \"" + timeout + "\"}"), "d.yaml"))
                    .as(timeout).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("d.yaml").hasMessageContaining("restoreTimeout")
                    .hasMessageContaining("between 10m and 720m");
        }
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + ", \"restoreTimeout\": \"soon\"}"),
                "d.yaml")).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("restoreTimeout");
    }

    @Test
    void refusesARestoreTimeoutThatTheInstancesTimeToLiveDoesNotCover() {
        // Default time to live 6h: a 6h restore plus validation's 4 rounds of 15m would outlive the instance.
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + ", \"restoreTimeout\": \"6h\"}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("timeToLive (360m)").hasMessageContaining("at least 420m");
        assertThat(DrillSpecFile.parse(json(SNAPSHOT_DRILL.replace("\"drill\"}}", "\"drill\", \"timeToLive\": \"7h\"}}")
                + ", \"restoreTimeout\": \"6h\"}"), "spec").restoreTimeout()).isEqualTo(java.time.Duration.ofHours(6));
    }

    @Test
    void withoutProofsTheAwsPathsSmallerDefaultsApply() {
        DrillSpec spec = DrillSpecFile.parse(json(SNAPSHOT_DRILL + "}"), "spec");

        assertThat(spec.proofs()).isEqualTo(io.restoredrill.core.domain.ProofSettings.awsDefaults());
        assertThat(spec.proofs().integrity().budget()).isEqualTo(java.time.Duration.ofMinutes(4));
        assertThat(spec.proofs().fullRead().budget()).isEqualTo(java.time.Duration.ofMinutes(4));
        assertThat(spec.proofs().schema().budget()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void readsTheSameProofsMappingAsTheChecksFile() {
        DrillSpec spec = DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "proofs": {"integrity": {"budget": "6m"}, "fullRead": "off"}}"""), "spec");

        assertThat(spec.proofs().integrity().budget()).isEqualTo(java.time.Duration.ofMinutes(6));
        assertThat(spec.proofs().fullRead().enabled()).isFalse();
        assertThat(spec.proofs().schema().enabled()).isTrue();
    }

    @Test
    void refusesAnExpectedSchemaFileOnTheAwsPath() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "proofs": {"schema": {"expect": "schema.json"}}}"""), "drills.yaml"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("drills.yaml: drill \"orders\": proofs.schema: expect: schema.json would be"
                        + " a local file, which the validate function cannot read")
                .hasMessageContaining("reports/orders/latest.json");
    }

    @Test
    void takesProofBudgetsLongerThanOneValidateRoundBecauseTheProofsResumeInTheNextRound() {
        DrillSpec spec = DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "checks": [{"name": "slow", "sql": "SELECT 1", "timeout": "2m"}],
                  "proofs": {"integrity": {"budget": "40m"}, "fullRead": {"budget": "45m", "perTable": "10m"}}}"""),
                "drills.yaml");

        assertThat(spec.proofs().fullRead().budget()).isEqualTo(java.time.Duration.ofMinutes(45));
    }

    @Test
    void refusesChecksThatCannotFitInValidatesFirstRound() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "checks": [{"name": "slow", "sql": "SELECT 1", "timeout": "12m"}, {"name": "slower", "sql": "SELECT 1", "timeout": "1m"}]}"""),
                "drills.yaml"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("drills.yaml: drill \"orders\": the checks' timeouts (13m) and the schema proof's budget"
                        + " (0m30s) add up to 13m30s, more than the 13m of validate's first round, where they run (its"
                        + " 15m less 2m for connecting, counting rows, loading a dump and the report): lower a check's"
                        + " timeout or the schema budget");
    }

    @Test
    void refusesAPerTableBudgetLongerThanOneRoundAndBudgetsLongerThanAllRounds() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "proofs": {"fullRead": {"perTable": "14m"}}}"""), "drills.yaml"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("proofs.fullRead.perTable (14m) is more than the 13m one validate round may"
                        + " prove");
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "checks": [{"name": "slow", "sql": "SELECT 1", "timeout": "2m"}],
                  "proofs": {"integrity": {"budget": "50m"}}}"""), "drills.yaml"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("drills.yaml: drill \"orders\": the checks' timeouts (2m), the schema budget (0m30s)"
                        + " and the longer of the integrity and full-read budgets (50m, they run at once) add up to"
                        + " 52m30s, more than the 52m of validate's 4 rounds (13m each): lower a check's timeout or a"
                        + " proof's budget under \"proofs\", or turn a proof off");
    }

    private static final String RESTORE_TEST_DRILL = """
            {"name": "orders", "source": {"awsBackupRestoreTest": {"restoreTestingPlan": "nightly_orders",
              "dbInstanceIdentifier": "orders-prod", "validationWindowHours": 4}},
             "login": {"secretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-reader-AbCdEf"}""";

    @Test
    void readsADrillOfAnAwsBackupRestoreTestWithItsLoginAndNoTarget() {
        DrillSpec spec = DrillSpecFile.parse(json(RESTORE_TEST_DRILL + "}"), "spec");

        assertThat(spec.source()).isEqualTo(new DrillSpec.AwsBackupRestoreTest("nightly_orders", "orders-prod",
                java.time.Duration.ofHours(4)));
        assertThat(spec.login()).contains(new DrillSpec.Login(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-reader-AbCdEf"));
        // Only the time to live is read (validate's restore time): the validation window.
        assertThat(spec.target().timeToLive()).isEqualTo(java.time.Duration.ofHours(4));
        assertThat(spec.maxBackupAge()).isEmpty();
    }

    @Test
    void readsARestoreTestOfAnAuroraClusterWhoseDrillInstanceGetsTheAuroraDefaultClass() {
        DrillSpec spec = DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("\"dbInstanceIdentifier\": \"orders-prod\"",
                "\"dbClusterIdentifier\": \"orders-aurora\"") + "}"), "spec");

        assertThat(spec.source()).isEqualTo(DrillSpec.AwsBackupRestoreTest.ofCluster("nightly_orders", "orders-aurora",
                java.time.Duration.ofHours(4)));
        DrillSpec.AwsBackupRestoreTest test = (DrillSpec.AwsBackupRestoreTest) spec.source();
        assertThat(test.ofAuroraCluster()).isTrue();
        assertThat(test.production()).isEqualTo("orders-aurora");
        assertThat(spec.target().instanceClass()).isEqualTo(DrillSpec.AuroraCluster.DEFAULT_INSTANCE_CLASS);
        assertThat(spec.target().timeToLive()).isEqualTo(java.time.Duration.ofHours(4));
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("\"dbInstanceIdentifier\"",
                "\"dbClusterIdentifier\": \"orders-aurora\", \"dbInstanceIdentifier\"") + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace(
                "\"dbInstanceIdentifier\": \"orders-prod\", ", "") + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("dbInstanceIdentifier");
    }

    @Test
    void aSnapshotDrillMayLogInWithItsOwnSecretToo() {
        DrillSpec spec = DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "login": {"secretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:r-AbCdEf"}}"""), "spec");

        assertThat(spec.login()).map(DrillSpec.Login::secretArn)
                .contains("arn:aws:secretsmanager:us-east-1:123456789012:secret:r-AbCdEf");
        assertThat(DrillSpecFile.parse(json(SNAPSHOT_DRILL + "}"), "spec").login()).isEmpty();
    }

    @Test
    void refusesARestoreTestDrillWithoutALoginOrWithWhatAwsBackupDecides() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.substring(0,
                RESTORE_TEST_DRILL.indexOf(",\n \"login\"")) + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("needs \"login: { secretArn: ... }\"")
                .hasMessageContaining("production's master password");
        for (String key : List.of("\"target\": {\"rds\": {\"instanceClass\": \"db.t4g.medium\"}}",
                "\"maxBackupAgeHours\": 26", "\"restoreTimeout\": \"1h\"")) {
            assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL + ", " + key + "}"), "spec"))
                    .as(key).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining(key.substring(0, key.indexOf(':')));
        }
    }

    @Test
    void refusesAPlanNameAwsBackupWouldRefuseAndAWindowTooShortForValidation() {
        // RestoreTestingSelectionForList: "only alphanumeric characters and underscores. Maximum length is 50";
        // ValidationWindowHours "an integer between 0 and 168"
        // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForList.html).
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("nightly_orders",
                "nightly-orders") + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("letters, digits and underscores");
        assertThat(DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("nightly_orders", "p".repeat(50)) + "}"),
                "spec").name()).isEqualTo("orders");
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("nightly_orders",
                "p".repeat(51)) + "}"), "spec")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("\"validationWindowHours\": 4",
                "\"validationWindowHours\": 1") + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("must be 2 to 168");
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace("\"validationWindowHours\": 4",
                "\"validationWindowHours\": 169") + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("must be 2 to 168");
        assertThatThrownBy(() -> DrillSpecFile.parse(json(RESTORE_TEST_DRILL.replace(", \"validationWindowHours\": 4",
                "") + "}"), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("ValidationWindowHours");
    }

    @Test
    void refusesALoginThatIsNoSecretArn() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "login": {"secretArn": "orders-reader"}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("login")
                .hasMessageContaining("not the ARN of a Secrets Manager secret");
        assertThatThrownBy(() -> DrillSpecFile.parse(json(SNAPSHOT_DRILL + """
                , "login": {"secretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:r-AbCdEf", "password": "x"}}"""),
                "spec")).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("password");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
