package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.testing.MotoServer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An emptied moto account with what a drill's temporary instance needs: a VPC, two subnets, a DB subnet group
 * ({@link #SUBNET_GROUP}) and a security group; plus helpers to make a production instance and its snapshots.
 * Shared with the Lambda modules' tests through the core test-jar.
 */
public final class MotoRdsAccount implements AutoCloseable {

    public static final String SUBNET_GROUP = "drill-isolated";

    /** The account that owns the shared snapshots of {@link #sharedEncryptedSnapshot} (moto's x-moto-account-id). */
    public static final String BACKUP_ACCOUNT = "111122223333";

    private final RdsClient rds;
    private final String securityGroupId;
    private final RdsRequestRecorder recorder;

    private MotoRdsAccount(RdsClient rds, String securityGroupId, RdsRequestRecorder recorder) {
        this.rds = rds;
        this.securityGroupId = securityGroupId;
        this.recorder = recorder;
    }

    /** Resets moto and creates the network. */
    public static MotoRdsAccount create() {
        MotoServer.reset();
        RdsRequestRecorder recorder = new RdsRequestRecorder();
        RdsClient rds = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
        try (Ec2Client ec2 = MotoServer.configure(Ec2Client.builder()).httpClientBuilder(MotoServer.httpClient()).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
            String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("drill").description("drill instances")).groupId();
            rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(SUBNET_GROUP).dbSubnetGroupDescription("isolated")
                    .subnetIds(a, b));
            MotoRdsAccount account = new MotoRdsAccount(rds, sg, recorder);
            recorder.clear();
            return account;
        }
    }

    public RdsClient rds() {
        return rds;
    }

    /** What {@link #rds()} sent, on the wire: every request of the product code and the test's own. */
    public RdsRequestRecorder requests() {
        return recorder;
    }

    public String securityGroupId() {
        return securityGroupId;
    }

    public DrillSpec.RdsTargetSpec target() {
        return new DrillSpec.RdsTargetSpec("db.t4g.medium", SUBNET_GROUP, List.of(securityGroupId), Duration.ofHours(6),
                Optional.empty(), 20);
    }

    /** A production instance; moto gives every new instance one automated snapshot at once. */
    public DBInstance productionInstance(String identifier, boolean deletionProtection) {
        return rds.createDBInstance(r -> r.dbInstanceIdentifier(identifier).engine("postgres").engineVersion("15.5")
                .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword("not-a-secret-1")
                .allocatedStorage(20).backupRetentionPeriod(7).deletionProtection(deletionProtection)
                .dbSubnetGroupName(SUBNET_GROUP)).dbInstance();
    }

    public String manualSnapshot(String instance, String snapshot) {
        return rds.createDBSnapshot(r -> r.dbInstanceIdentifier(instance).dbSnapshotIdentifier(snapshot))
                .dbSnapshot().dbSnapshotIdentifier();
    }

    /**
     * Deletes the instance with its automated snapshots and creates it again, so its (new) automated snapshot is
     * newer than every manual one taken before.
     */
    public void recreateWithFreshAutomatedSnapshot(String identifier) {
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier(identifier).skipFinalSnapshot(true).deleteAutomatedBackups(true));
        pause();
        productionInstance(identifier, false);
    }

    /**
     * A KMS key in moto (KMS CreateKey, JSON protocol over plain HTTP; moto checks no signature), in this account or,
     * with {@code account}, in another one.
     *
     * @return the key's ARN
     */
    public static String kmsKey(String account) {
        String answer = MotoServer.call("/", "TrentService.CreateKey", "application/x-amz-json-1.1", "{}", account);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer).path("KeyMetadata").path("Arn")
                    .asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The backup-account pattern: {@code instance}'s encrypted manual snapshot in {@link #BACKUP_ACCOUNT}, encrypted
     * with a key of that account and shared with this account (moto serves cross-account sharing for real).
     *
     * <p>moto 5.2.1 cannot copy across accounts: CopyDBSnapshot resolves a source ARN by Region and name in the
     * caller's own account. So this also leaves a same-named snapshot in this account (of an instance named
     * {@code <instance>-mirror}, which the drill does not list), for moto to copy when the drill sends the shared
     * snapshot's ARN. What the tests prove is the request sent and the drill's handling; RDS's cross-account copy
     * itself only a real account exercises.
     *
     * @return the shared snapshot's ARN
     */
    public String sharedEncryptedSnapshot(String instance, String snapshot) {
        String backupKey = kmsKey(BACKUP_ACCOUNT);
        try (RdsClient backup = backupAccountRds()) {
            backup.createDBInstance(r -> r.dbInstanceIdentifier(instance).engine("postgres").engineVersion("15.5")
                    .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword("not-a-secret-1")
                    .allocatedStorage(20).storageEncrypted(true).kmsKeyId(backupKey));
            String arn = backup.createDBSnapshot(r -> r.dbInstanceIdentifier(instance).dbSnapshotIdentifier(snapshot))
                    .dbSnapshot().dbSnapshotArn();
            backup.modifyDBSnapshotAttribute(r -> r.dbSnapshotIdentifier(snapshot).attributeName("restore")
                    .valuesToAdd(MotoServer.ACCOUNT));
            productionInstance(instance + "-mirror", false);
            manualSnapshot(instance + "-mirror", snapshot);
            return arn;
        }
    }

    /**
     * A production Aurora PostgreSQL cluster; moto gives every new cluster one automated cluster snapshot at once.
     *
     * <p>moto 5.2.1 restores a cluster snapshot with the source cluster's settings and ignores a {@code false}
     * override (its restore copies only truthy request values), so a cluster restored from a cluster made with
     * deletion protection keeps it there, whatever the request said; the requests themselves are asserted on the
     * wire. Tests that delete restored clusters use a production cluster without it.
     */
    public software.amazon.awssdk.services.rds.model.DBCluster productionCluster(String identifier,
                                                                                 boolean deletionProtection) {
        return rds.createDBCluster(r -> r.dbClusterIdentifier(identifier).engine("aurora-postgresql")
                .engineVersion("16.4").masterUsername("app").masterUserPassword("not-a-secret-1")
                .backupRetentionPeriod(7).deletionProtection(deletionProtection)
                .dbSubnetGroupName(SUBNET_GROUP)).dbCluster();
    }

    public String manualClusterSnapshot(String cluster, String snapshot) {
        return rds.createDBClusterSnapshot(r -> r.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(snapshot))
                .dbClusterSnapshot().dbClusterSnapshotIdentifier();
    }

    /**
     * The backup-account pattern for clusters: {@code cluster}'s encrypted manual cluster snapshot in
     * {@link #BACKUP_ACCOUNT}, shared with this account (moto serves the sharing for real). As for instance snapshots,
     * moto copies a source ARN by its name in the caller's own account, so a same-named snapshot of
     * {@code <cluster>-mirror} is left in this account for the copy to find.
     *
     * @return the shared cluster snapshot's ARN
     */
    public String sharedEncryptedClusterSnapshot(String cluster, String snapshot) {
        try (RdsClient backup = backupAccountRds()) {
            backup.createDBCluster(r -> r.dbClusterIdentifier(cluster).engine("aurora-postgresql").engineVersion("16.4")
                    .masterUsername("app").masterUserPassword("not-a-secret-1").storageEncrypted(true));
            String arn = backup.createDBClusterSnapshot(r -> r.dbClusterIdentifier(cluster)
                    .dbClusterSnapshotIdentifier(snapshot)).dbClusterSnapshot().dbClusterSnapshotArn();
            backup.modifyDBClusterSnapshotAttribute(r -> r.dbClusterSnapshotIdentifier(snapshot).attributeName("restore")
                    .valuesToAdd(MotoServer.ACCOUNT));
            productionCluster(cluster + "-mirror", false);
            manualClusterSnapshot(cluster + "-mirror", snapshot);
            return arn;
        }
    }

    /** An RDS client acting in {@link #BACKUP_ACCOUNT}. */
    public static RdsClient backupAccountRds() {
        return MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
                            software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        return context.httpRequest().toBuilder().putHeader("x-moto-account-id", BACKUP_ACCOUNT).build();
                    }
                })).build();
    }

    /** Snapshot times have millisecond resolution: keep two snapshots apart. */
    public static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        rds.close();
    }
}
