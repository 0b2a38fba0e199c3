package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.infra.RestoreDrillStack.Handler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The IAM rules that make deleting a production database impossible, read from the synthesized template. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeTest {

    private static final String TEMPORARY_INSTANCES = "arn:${AWS::Partition}:rds:us-east-1:123456789012:db:restore-drill-*";
    private Policies policies;

    @BeforeAll
    void synthesize() {
        policies = Policies.of(SynthesizedStack.get());
    }

    @Test
    void everyStatementGrantingDeleteDbInstanceRequiresTheTemporaryTagAndTheDrillPrefix() {
        List<JsonNode> deleting = policies.all().stream()
                .filter(s -> grants(s, "rds:DeleteDBInstance")).toList();
        assertThat(deleting).as("cleanup and reaper delete instances").hasSizeGreaterThanOrEqualTo(2);
        assertThat(deleting).allSatisfy(statement -> {
            assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary")).isEqualTo("true");
            assertThat(Policies.condition(statement, "StringEquals", "rds:db-tag/restore-drill:temporary")).isEqualTo("true");
            assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_INSTANCES);
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        });
    }

    @Test
    void onlyCleanupAndReaperMayDeleteInstances() {
        for (Handler handler : Handler.values()) {
            boolean deletes = policies.of(handler).stream().anyMatch(s -> grants(s, "rds:DeleteDBInstance"));
            assertThat(deletes).as(handler.name()).isEqualTo(handler == Handler.CLEANUP || handler == Handler.REAPER);
        }
    }

    @Test
    void noStatementAnywhereGrantsAnRdsDeleteOrModifyWithoutTheTagCondition() {
        for (JsonNode statement : policies.all()) {
            for (String action : Policies.actions(statement)) {
                assertThat(action).as("wildcard actions hide deletes").isNotIn("*", "rds:*").doesNotEndWith(":*");
                if (action.matches("(?i)rds:(Delete|Modify|Remove|Stop|Reboot|Promote|Failover).*")) {
                    assertThat(action).as("the only destructive RDS action granted").isEqualTo("rds:DeleteDBInstance");
                    assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary"))
                            .as(statement.toString()).isEqualTo("true");
                }
                assertThat(action).as("no role modifies anything in RDS").doesNotStartWithIgnoringCase("rds:Modify");
            }
        }
    }

    @Test
    void noRoleCanDeleteOrAlterAnySnapshot() {
        Pattern snapshotChange = Pattern.compile("(?i)(rds:(Delete|Modify|Copy|Share)\\w*Snapshot\\w*|rds:DeleteDBInstanceAutomatedBackup"
                + "|rds:DeleteDBCluster\\w*|backup:\\w*|ec2:DeleteSnapshot)");
        for (JsonNode statement : policies.all()) {
            assertThat(Policies.actions(statement)).noneMatch(a -> snapshotChange.matcher(a).matches());
        }
    }

    @Test
    void restoreCreatesInstancesOnlyWithTheTemporaryTagInTheRequest() {
        List<JsonNode> onInstances = policies.all().stream()
                .filter(s -> grants(s, "rds:RestoreDBInstanceFromDBSnapshot") || grants(s, "rds:CreateDBInstance")
                        || grants(s, "rds:AddTagsToResource"))
                .filter(s -> Policies.resources(s).stream().anyMatch(r -> r.equals("*") || r.contains(":db:")))
                .toList();
        assertThat(onInstances).hasSize(2);
        assertThat(onInstances).allSatisfy(statement -> {
            assertThat(Policies.condition(statement, "StringEquals", "aws:RequestTag/restore-drill:temporary")).isEqualTo("true");
            assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_INSTANCES);
        });
        assertThat(onInstances.stream().flatMap(s -> Policies.actions(s).stream()))
                .contains("rds:RestoreDBInstanceFromDBSnapshot", "rds:CreateDBInstance", "rds:AddTagsToResource");
        // The other resources a restore names (snapshot, groups) never include an instance.
        policies.all().stream().filter(s -> grants(s, "rds:RestoreDBInstanceFromDBSnapshot"))
                .flatMap(s -> Policies.resources(s).stream())
                .forEach(resource -> assertThat(resource).doesNotContain(":db:" + "*").isNotEqualTo("*")
                        .matches(r -> !r.contains(":db:") || r.equals(TEMPORARY_INSTANCES), "a drill instance or an input"));
    }

    @Test
    void onlyRestoreCreatesInstances() {
        for (Handler handler : Handler.values()) {
            boolean creates = policies.of(handler).stream().anyMatch(s ->
                    grants(s, "rds:RestoreDBInstanceFromDBSnapshot") || grants(s, "rds:CreateDBInstance"));
            assertThat(creates).as(handler.name()).isEqualTo(handler == Handler.RESTORE);
        }
    }

    @Test
    void validateReadsOnlyTheManagedSecretsOfDrillInstances() {
        List<JsonNode> reading = policies.all().stream().filter(s -> grants(s, "secretsmanager:GetSecretValue")).toList();
        assertThat(reading).hasSize(1);
        JsonNode statement = reading.get(0);
        assertThat(Policies.resources(statement)).containsExactly(
                "arn:${AWS::Partition}:secretsmanager:us-east-1:123456789012:secret:rds!db-*");
        assertThat(Policies.condition(statement, "StringLike", "aws:ResourceTag/aws:rds:primaryDBInstanceArn"))
                .isEqualTo(TEMPORARY_INSTANCES);
        assertThat(policies.of(Handler.VALIDATE)).contains(statement);
    }

    @Test
    void validateWritesReportsOnlyUnderTheReportsPrefix() {
        List<JsonNode> puts = policies.of(Handler.VALIDATE).stream().filter(s -> grants(s, "s3:PutObject")).toList();
        assertThat(puts).hasSize(1);
        assertThat(Policies.actions(puts.get(0))).containsExactly("s3:PutObject");
        assertThat(Policies.resources(puts.get(0))).singleElement().asString()
                .contains("ReportsBucket").endsWith("/reports/*");
        assertThat(policies.all()).noneMatch(s -> Policies.actions(s).stream().anyMatch(a -> a.startsWith("s3:Delete")));
    }

    @Test
    void validateReadsTheS3DumpsOfItsDrillsOnly() {
        assertThat(policies.of(Handler.VALIDATE).stream().filter(s -> grants(s, "s3:GetObject"))
                .flatMap(s -> Policies.resources(s).stream()))
                .containsExactly("arn:${AWS::Partition}:s3:::billing-backups/pg/billing/*");
    }

    @Test
    void secretsManagerWritesHappenOnlyThroughRds() {
        policies.all().stream()
                .filter(s -> Policies.actions(s).stream().anyMatch(a -> a.matches("secretsmanager:(Create|Delete|Tag|Rotate|Put|Update).*")))
                .forEach(s -> assertThat(Policies.condition(s, "ForAnyValue:StringEquals", "aws:CalledVia"))
                        .as(s.toString()).isEqualTo("rds.amazonaws.com"));
    }

    @Test
    void statusOnlyDescribes() {
        assertThat(policies.of(Handler.STATUS).stream().flatMap(s -> Policies.actions(s).stream())
                .filter(a -> a.startsWith("rds:"))).containsExactly("rds:DescribeDBInstances");
    }

    @Test
    void unconditionedWildcardResourcesCarryOnlyReadOrNetworkActions() {
        for (JsonNode statement : policies.all()) {
            if (Policies.resources(statement).contains("*") && statement.get("Condition") == null) {
                assertThat(Policies.actions(statement)).allMatch(a -> a.matches(
                        "rds:(Describe|List).*|ec2:(Describe|Create|Delete)NetworkInterface.*|ec2:DescribeSubnets"
                                + "|ec2:(Assign|Unassign)PrivateIpAddresses|xray:.*|logs:.*Delivery.*|logs:(Describe|Get|List|Put).*"),
                        statement.toString());
            }
        }
    }

    private static boolean grants(JsonNode statement, String action) {
        return statement.get("Effect").asText().equals("Allow") && Policies.actions(statement).contains(action);
    }
}
