package io.restoredrill.core.testing;

import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: the manifest lists the Aurora cluster drills' calls for the functions that make them, and refuses the
 * cluster calls nobody may make (the emulator tests would fail on them, and infra's evaluation never sees them).
 */
class ClusterCallsManifestTest {

    private static final List<FunctionCall> MANIFEST = FunctionCalls.load();
    private static final String CLUSTER = "restore-drill-orders-aurora-0123456789ab";
    private static final List<Tag> TAGS = List.of(tag("restore-drill:temporary", "true"),
            tag("restore-drill:drill", "orders-aurora"), tag("restore-drill:execution", "exec-1"),
            tag("restore-drill:expires-at", "2026-12-02T09:00:00Z"));

    @Test
    void listsTheClusterCallsOfTheFunctionsThatMakeThem() {
        assertThat(listed("status", "ModifyDBCluster", ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .manageMasterUserPassword(true).applyImmediately(true).build())).isTrue();
        assertThat(listed("status", "CreateDBInstance", CreateDbInstanceRequest.builder()
                .dbInstanceIdentifier(CLUSTER + "-1").dbClusterIdentifier(CLUSTER).engine("aurora-postgresql")
                .dbInstanceClass("db.t4g.medium").publiclyAccessible(false).tags(TAGS).build())).isTrue();
        for (String function : List.of("restore", "status")) {
            assertThat(listed(function, "RestoreDBClusterFromSnapshot", RestoreDbClusterFromSnapshotRequest.builder()
                    .dbClusterIdentifier(CLUSTER).snapshotIdentifier("orders-aurora-manual").engine("aurora-postgresql")
                    .dbSubnetGroupName("drills").publiclyAccessible(false).deletionProtection(false).tags(TAGS).build()))
                    .as(function).isTrue();
        }
        for (String function : List.of("cleanup", "reaper")) {
            assertThat(listed(function, "DeleteDBCluster", DeleteDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                    .skipFinalSnapshot(true).build())).as(function).isTrue();
        }
    }

    @Test
    void refusesClusterCallsNoFunctionMayMake() {
        assertThat(listed("restore", "ModifyDBCluster", ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .manageMasterUserPassword(true).build())).as("only status modifies").isFalse();
        assertThat(listed("status", "ModifyDBCluster", ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .manageMasterUserPassword(false).build())).as("only to turn management on").isFalse();
        assertThat(listed("status", "CreateDBInstance", CreateDbInstanceRequest.builder()
                .dbInstanceIdentifier(CLUSTER + "-1").dbClusterIdentifier(CLUSTER).publiclyAccessible(true).tags(TAGS)
                .build())).as("public").isFalse();
        assertThat(listed("validate", "DeleteDBCluster", DeleteDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .skipFinalSnapshot(true).build())).isFalse();
        assertThat(listed("restore", "DeleteDBCluster", DeleteDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .skipFinalSnapshot(true).build())).isFalse();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static boolean listed(String function, String operation, SdkRequest request) {
        RecordedCall call = IamRequestContexts.of(function, "Rds", operation, request);
        return MANIFEST.stream().anyMatch(entry -> AwsCallRecorder.matches(entry, call));
    }
}
