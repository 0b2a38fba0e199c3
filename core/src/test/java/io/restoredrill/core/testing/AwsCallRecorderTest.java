package io.restoredrill.core.testing;

import io.restoredrill.core.aws.FunctionCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The recorder against moto, with a manifest of its own and a stand-in class for a function's frame
 * ({@link PretendRestoreStep}), so its verdicts do not depend on the real manifest.
 */
class AwsCallRecorderTest {

    private static final String DB = "arn:${Partition}:rds:${Region}:${Account}:db:restore-drill-orders-0123456789ab";
    private static final Map<String, List<String>> RESTORE_CONTEXT = Map.of(
            "aws:RequestTag/restore-drill:temporary", List.of("true"),
            "aws:RequestTag/restore-drill:drill", List.of("orders"),
            "aws:TagKeys", List.of("restore-drill:temporary", "restore-drill:drill"),
            "rds:PubliclyAccessible", List.of("false"));
    private static final List<FunctionCall> MANIFEST = List.of(
            new FunctionCall("restore", "rds:DescribeDBInstances", List.of(DB), Map.of(), Map.of(), "reads"),
            new FunctionCall("restore", "rds:RestoreDBInstanceFromDBSnapshot", List.of(DB,
                    "arn:${Partition}:rds:${Region}:${Account}:snapshot:orders-manual",
                    "arn:${Partition}:rds:${Region}:${Account}:subgrp:drills",
                    "arn:${Partition}:rds:${Region}:${Account}:og:default:postgres-16",
                    "arn:${Partition}:rds:${Region}:${Account}:pg:default.postgres16"), RESTORE_CONTEXT, Map.of(), "restores"));

    @TempDir
    Path temp;
    private final List<RecordedCall> unlisted = new ArrayList<>();
    private RdsClient rds;

    private RdsClient rds() {
        AwsCallRecorder recorder = new AwsCallRecorder(MANIFEST, Map.of(PretendRestoreStep.class.getName(), "restore"),
                unlisted, temp.resolve("aws-calls.jsonl"));
        rds = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
        return rds;
    }

    @AfterEach
    void close() {
        if (rds != null) {
            rds.close();
        }
    }

    private static RestoreDbInstanceFromDbSnapshotRequest restore(boolean publiclyAccessible, String drill) {
        return RestoreDbInstanceFromDbSnapshotRequest.builder().dbInstanceIdentifier("restore-drill-x")
                .dbSnapshotIdentifier("no-such-snapshot").dbSubnetGroupName("drills").dbInstanceClass("db.t4g.micro")
                .publiclyAccessible(publiclyAccessible)
                .tags(Tag.builder().key("restore-drill:temporary").value("true").build(),
                        Tag.builder().key("restore-drill:drill").value(drill).build())
                .build();
    }

    @Test
    void letsAListedCallThroughAndWritesItDown() throws Exception {
        RdsClient client = rds();

        Throwable thrown = catchThrowable(() -> PretendRestoreStep.run(() ->
                client.describeDBInstances(r -> r.dbInstanceIdentifier("restore-drill-x"))));

        assertThat(thrown).as("moto answers: no such instance").isInstanceOf(RdsException.class);
        assertThat(unlisted).isEmpty();
        assertThat(Files.readString(temp.resolve("aws-calls.jsonl")))
                .contains("\"function\":\"restore\"", "\"action\":\"rds:DescribeDBInstances\"",
                        "db:restore-drill-x", "\"listed\":true");
    }

    @Test
    void failsAnUnlistedCallNamingTheManifest() {
        RdsClient client = rds();

        assertThatThrownBy(() -> PretendRestoreStep.run(() ->
                client.deleteDBInstance(r -> r.dbInstanceIdentifier("restore-drill-x").skipFinalSnapshot(true))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("restore called rds:DeleteDBInstance")
                .hasMessageContaining("function-calls.json does not list")
                .hasMessageContaining("[rds:db]");
        assertThat(unlisted).singleElement().extracting(RecordedCall::action).isEqualTo("rds:DeleteDBInstance");
    }

    @Test
    void collectsAMissThatTheCodeSwallowsSoTheTestStillFails() {
        RdsClient client = rds();

        PretendRestoreStep.run(() -> {
            try {
                return client.deleteDBInstance(r -> r.dbInstanceIdentifier("restore-drill-x"));
            } catch (Throwable swallowed) {
                return null;
            }
        });

        assertThat(unlisted).hasSize(1);
        assertThatThrownBy(() -> AwsCallsMustBeListed.report(unlisted))
                .hasMessageContaining("1 AWS call(s) of the functions are not in")
                .hasMessageContaining("rds:DeleteDBInstance");
    }

    @Test
    void ignoresCallsWithoutAFunctionOnTheStack() {
        RdsClient client = rds();

        Throwable thrown = catchThrowable(() -> client.deleteDBInstance(r -> r.dbInstanceIdentifier("restore-drill-x")
                .skipFinalSnapshot(true)));

        assertThat(thrown).as("moto's answer, not the recorder's").isInstanceOf(RdsException.class);
        assertThat(unlisted).isEmpty();
        assertThat(temp.resolve("aws-calls.jsonl")).doesNotExist();
    }

    @Test
    void comparesTheValuesOfDecisionKeysButOnlyThePresenceOfADrillsData() {
        RdsClient client = rds();

        Throwable sameDecisions = catchThrowable(() -> PretendRestoreStep.run(() ->
                client.restoreDBInstanceFromDBSnapshot(restore(false, "billing"))));
        Throwable publicInstance = catchThrowable(() -> PretendRestoreStep.run(() ->
                client.restoreDBInstanceFromDBSnapshot(restore(true, "orders"))));

        assertThat(sameDecisions).as("another drill's name is data").isInstanceOf(RdsException.class);
        assertThat(publicInstance).isInstanceOf(AssertionError.class)
                .hasMessageContaining("rds:PubliclyAccessible=[true]");
    }

    @Test
    void attributesACallToTheOutermostFunctionFrameTheLambdaEntryPoint() {
        FunctionFrames frames = new FunctionFrames(Map.of(PretendRestoreStep.class.getName(), "restore",
                PretendStatusStep.class.getName(), "status"));

        assertThat(PretendStatusStep.run(() -> PretendRestoreStep.run(frames::current))).contains("status");
        assertThat(PretendRestoreStep.run(frames::current)).contains("restore");
        assertThat(frames.current()).isEmpty();
    }

    @Test
    void mapsRequestsToTheResourcesAndContextKeysIamReads() {
        RecordedCall restore = IamRequestContexts.of("restore", "Rds", "RestoreDBInstanceFromDBSnapshot",
                restore(false, "orders").toBuilder().manageMasterUserPassword(true)
                        .dbSnapshotIdentifier("arn:aws:rds:us-east-1:111122223333:snapshot:shared").build());
        RecordedCall list = IamRequestContexts.of("validate", "S3", "ListObjectsV2",
                ListObjectsV2Request.builder().bucket("dumps").prefix("pg/orders/").build());
        RecordedCall secret = IamRequestContexts.of("validate", "SecretsManager", "GetSecretValue",
                GetSecretValueRequest.builder().secretId("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1").build());

        assertThat(restore.action()).isEqualTo("rds:RestoreDBInstanceFromDBSnapshot");
        assertThat(restore.resources()).containsExactly(
                "arn:${Partition}:rds:${Region}:${Account}:db:restore-drill-x",
                "arn:aws:rds:us-east-1:111122223333:snapshot:shared",
                "arn:${Partition}:rds:${Region}:${Account}:subgrp:drills");
        assertThat(restore.resources()).extracting(RecordedCall::resourceType)
                .containsExactly("rds:db", "rds:snapshot", "rds:subgrp");
        assertThat(restore.context()).containsEntry("aws:RequestTag/restore-drill:temporary", List.of("true"))
                .containsEntry("aws:TagKeys", List.of("restore-drill:temporary", "restore-drill:drill"))
                .containsEntry("rds:PubliclyAccessible", List.of("false"))
                .containsEntry("rds:ManageMasterUserPassword", List.of("true"));
        assertThat(list.action()).isEqualTo("s3:ListBucket");
        assertThat(list.resources()).containsExactly("arn:${Partition}:s3:::dumps");
        assertThat(list.context()).containsEntry("s3:prefix", List.of("pg/orders/"));
        assertThat(secret.resources()).extracting(RecordedCall::resourceType).containsExactly("secretsmanager:secret");
        assertThat(RecordedCall.resourceType("arn:aws:s3:::reports/reports/orders/latest.json")).isEqualTo("s3:object");
    }
}

/** Stands in for a function's workflow step on the call stack. */
final class PretendRestoreStep {

    private PretendRestoreStep() {
    }

    static <T> T run(Supplier<T> call) {
        return call.get();
    }
}

/** Stands in for another function's step on the call stack. */
final class PretendStatusStep {

    private PretendStatusStep() {
    }

    static <T> T run(Supplier<T> call) {
        return call.get();
    }
}
