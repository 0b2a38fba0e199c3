package io.restoredrill.infra;

import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployment parameters and drill specs: read from the config file and context, refused early when wrong. */
class DeploymentParametersTest {

    @TempDir
    Path dir;

    @Test
    void theExampleConfigFileIsComplete() throws Exception {
        Path example = SynthesizedStack.repositoryRoot().resolve("infra/restore-drill.config.json");
        DeploymentConfig config = DeploymentConfig.load(Optional.of(example), key -> null,
                Optional.of("123456789012"), Optional.of("us-east-1"));
        assertThat(config.privateSubnetIds()).isNotEmpty();
        assertThat(DrillFleet.read(config.drillsFile()).drills()).isNotEmpty();
    }

    @Test
    void contextValuesOverrideTheFileAndListsMayBeCommaSeparated() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, """
                {"account": "111111111111", "region": "eu-west-1", "vpcId": "vpc-file",
                 "privateSubnetIds": ["subnet-a", "subnet-b"], "drillsFile": "drills.yaml"}
                """);
        Map<String, Object> context = Map.of("vpcId", "vpc-context", "privateSubnetIds", "subnet-x, subnet-y",
                "notificationEmail", "ops@example.com", "backupsBucket", "true");
        DeploymentConfig config = DeploymentConfig.load(Optional.of(file), context::get, Optional.empty(), Optional.empty());
        assertThat(config.vpcId()).isEqualTo("vpc-context");
        assertThat(config.privateSubnetIds()).containsExactly("subnet-x", "subnet-y");
        assertThat(config.notificationEmail()).contains("ops@example.com");
        assertThat(config.backupsBucket()).isTrue();
        assertThat(config.drillsFile()).isEqualTo(dir.resolve("drills.yaml"));
        assertThat(config.region()).isEqualTo("eu-west-1");
    }

    @Test
    void aMissingParameterIsNamed() {
        assertThatThrownBy(() -> DeploymentConfig.load(Optional.empty(), Map.of("drillsFile", "d.yaml")::get,
                Optional.of("123456789012"), Optional.of("us-east-1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("\"vpcId\"");
    }

    /**
     * "DB subnet groups must contain at least one subnet in at least two AZs in the AWS Region"
     * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html): such a stack would
     * fail at deploy with DBSubnetGroupDoesNotCoverEnoughAZs, so synth refuses it and says why.
     */
    @Test
    void aSingleSubnetIsRefusedBecauseRdsNeedsTheSubnetGroupInTwoZones() {
        assertThatThrownBy(() -> config(List.of("subnet-a"), List.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("privateSubnetIds")
                .hasMessageContaining("RDS requires a DB subnet group to cover at least two Availability Zones");
    }

    @Test
    void subnetsThatAreAllInOneZoneAreRefused() {
        assertThatThrownBy(() -> config(List.of("subnet-a", "subnet-b"), List.of("us-east-1a", "us-east-1a")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("us-east-1a")
                .hasMessageContaining("RDS requires a DB subnet group to cover at least two Availability Zones");
    }

    @Test
    void twoSubnetsInTwoZonesOrWithoutZonesAreAccepted() {
        assertThat(config(List.of("subnet-a", "subnet-b"), List.of("us-east-1a", "us-east-1b")).privateSubnetIds())
                .hasSize(2);
        // Without zones the stack cannot tell; RDS decides at deploy time (and the preflight checks it).
        assertThat(config(List.of("subnet-a", "subnet-b"), List.of()).availabilityZones()).isEmpty();
    }

    private DeploymentConfig config(List<String> subnets, List<String> zones) {
        return new DeploymentConfig("123456789012", "us-east-1", "vpc-1", subnets, zones, dir.resolve("drills.yaml"),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 35);
    }

    @Test
    void anInvalidDrillSpecFailsSynthNamingTheDrill() throws Exception {
        Path drills = dir.resolve("drills.yaml");
        Files.writeString(drills, """
                drills:
                  - name: orders
                    source: { rdsSnapshot: { dbInstanceIdentifier: orders-prod } }
                    maxBackupAgeHours: -3
                    target: { rds: { instanceClass: db.t4g.medium } }
                """);
        assertThatThrownBy(() -> DrillFleet.read(drills)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("orders").hasMessageContaining("maxBackupAgeHours");
    }

    @Test
    void drillNamesMustBeUnique() throws Exception {
        Path drills = dir.resolve("drills.yaml");
        String spec = "  - { name: orders, source: { rdsSnapshot: { dbInstanceIdentifier: a } }, target: { rds: { instanceClass: db.t4g.medium } } }\n";
        Files.writeString(drills, "drills:\n" + spec + spec);
        assertThatThrownBy(() -> DrillFleet.read(drills)).hasMessageContaining("two drills are called \"orders\"");
    }

    @Test
    void theStackFillsInNetworkSettingsOnlyWhereASpecLeavesThemOut() {
        List<DrillFleet.Drill> drills = DrillFleet.read(SynthesizedStack.resource("drills.yaml")).drills();
        assertThat(drills).extracting(DrillFleet.Drill::name)
                .containsExactly("orders", "billing", "legacy", "orders-restore-test", "orders-aurora-restore-test");
        // The restore-test drills have no target at all: AWS Backup restores where its selection says.
        assertThat(drills).extracting(DrillFleet.Drill::usesStackSecurityGroup)
                .containsExactly(true, true, false, true, true);
        assertThat(drills).extracting(DrillFleet.Drill::usesStackSubnetGroup)
                .containsExactly(true, true, false, true, true);
        assertThat(drills.get(0).maxBackupAgeHours()).contains(26.0);
        assertThat(drills.get(2).maxBackupAgeHours()).isEmpty();
    }

    @Test
    void theRepositoryRootIsFoundFromInfra() {
        Path root = SynthesizedStack.repositoryRoot();
        assertThat(RestoreDrillApp.findRepositoryRoot(root.resolve("infra"))).isEqualTo(root);
    }
}
