package io.restoredrill.core.testing;

import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real manifest accepts the calls CONTRACT.md plans for issue 8 (so the functions' new code lands without
 * touching the manifest) and the fleet functions' calls (issue 11), and still refuses the calls nobody may make.
 */
class FunctionCallsManifestTest {

    private static final List<FunctionCall> MANIFEST = FunctionCalls.load();
    private static final String INSTANCE = "restore-drill-orders-0123456789ab";
    private static final List<Tag> TAGS = List.of(tag("restore-drill:temporary", "true"),
            tag("restore-drill:drill", "invoices"), tag("restore-drill:execution", "exec-1"),
            tag("restore-drill:expires-at", "2026-12-02T09:00:00Z"));

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static boolean listed(String function, String operation, SdkRequest request) {
        RecordedCall call = IamRequestContexts.of(function, "Rds", operation, request);
        return MANIFEST.stream().anyMatch(entry -> AwsCallRecorder.matches(entry, call));
    }

    @Test
    void listsThePlannedCallsOfTheFunctions() {
        assertThat(listed("status", "ModifyDBInstance", ModifyDbInstanceRequest.builder().dbInstanceIdentifier(INSTANCE)
                .manageMasterUserPassword(true).applyImmediately(true).build())).isTrue();
        assertThat(listed("restore", "CopyDBSnapshot", CopyDbSnapshotRequest.builder()
                .sourceDBSnapshotIdentifier("arn:aws:rds:us-east-1:111122223333:snapshot:orders-backup")
                .targetDBSnapshotIdentifier(INSTANCE).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/k")
                .copyTags(false).tags(TAGS).build())).isTrue();
        assertThat(listed("restore", "DescribeDBSnapshots", DescribeDbSnapshotsRequest.builder()
                .filters(Filter.builder().name("db-instance-id").values("orders-prod").build())
                .snapshotType("manual").build())).isTrue();
        for (String function : List.of("restore", "status")) {
            assertThat(listed(function, "RestoreDBInstanceFromDBSnapshot", RestoreDbInstanceFromDbSnapshotRequest.builder()
                    .dbInstanceIdentifier(INSTANCE).dbSnapshotIdentifier(INSTANCE).dbSubnetGroupName("drills")
                    .publiclyAccessible(false).tags(TAGS).build())).as(function).isTrue();
        }
        for (String function : List.of("cleanup", "reaper")) {
            assertThat(listed(function, "DeleteDBSnapshot", DeleteDbSnapshotRequest.builder()
                    .dbSnapshotIdentifier(INSTANCE).build())).as(function).isTrue();
            assertThat(listed(function, "DescribeDBSnapshots", DescribeDbSnapshotsRequest.builder()
                    .dbSnapshotIdentifier(INSTANCE).build())).as(function).isTrue();
        }
    }

    @Test
    void refusesCallsNoFunctionMayMake() {
        assertThat(listed("status", "ModifyDBInstance", ModifyDbInstanceRequest.builder().dbInstanceIdentifier(INSTANCE)
                .manageMasterUserPassword(true).publiclyAccessible(true).build()))
                .as("a modify that also changes public accessibility").isFalse();
        assertThat(listed("restore", "ModifyDBInstance", ModifyDbInstanceRequest.builder().dbInstanceIdentifier(INSTANCE)
                .manageMasterUserPassword(true).build())).as("only status modifies").isFalse();
        assertThat(listed("restore", "RestoreDBInstanceFromDBSnapshot", RestoreDbInstanceFromDbSnapshotRequest.builder()
                .dbInstanceIdentifier(INSTANCE).dbSnapshotIdentifier("orders-manual").dbSubnetGroupName("drills")
                .publiclyAccessible(true).tags(TAGS).build())).as("public").isFalse();
        assertThat(listed("validate", "DeleteDBSnapshot", DeleteDbSnapshotRequest.builder()
                .dbSnapshotIdentifier(INSTANCE).build())).isFalse();
    }

    private static boolean listed(String function, String service, String operation, SdkRequest request) {
        RecordedCall call = IamRequestContexts.of(function, service, operation, request);
        return MANIFEST.stream().anyMatch(entry -> AwsCallRecorder.matches(entry, call));
    }

    @Test
    void theFleetFunctionsMayMakeTheirCallsAndNoOthers() {
        var getList = software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket("cdk-assets")
                .key("drills.json").build();
        var putItems = software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket("reports")
                .key("runs/n1/drills.json").build();
        var quotas = software.amazon.awssdk.services.rds.model.DescribeAccountAttributesRequest.builder().build();
        assertThat(listed("plan", "S3", "GetObject", getList)).isTrue();
        assertThat(listed("plan", "S3", "PutObject", putItems)).isTrue();
        assertThat(listed("plan", "Rds", "DescribeAccountAttributes", quotas)).isTrue();
        assertThat(listed("summarize", "S3", "GetObject", getList)).isTrue();
        assertThat(listed("summarize", "S3", "PutObject", putItems)).isTrue();

        assertThat(listed("summarize", "Rds", "DescribeAccountAttributes", quotas)).as("only plan reads quotas")
                .isFalse();
        assertThat(listed("plan", "S3", "DeleteObject", software.amazon.awssdk.services.s3.model.DeleteObjectRequest
                .builder().bucket("reports").key("runs/n1/drills.json").build())).isFalse();
        assertThat(listed("plan", "Rds", "DescribeDBInstances",
                software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest.builder().build())).isFalse();
        assertThat(listed("restore", "Rds", "DescribeAccountAttributes", quotas)).isFalse();
    }
}
