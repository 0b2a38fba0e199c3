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

    private final RdsClient rds;
    private final String securityGroupId;

    private MotoRdsAccount(RdsClient rds, String securityGroupId) {
        this.rds = rds;
        this.securityGroupId = securityGroupId;
    }

    /** Resets moto and creates the network. */
    public static MotoRdsAccount create() {
        MotoServer.reset();
        RdsClient rds = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
        try (Ec2Client ec2 = MotoServer.configure(Ec2Client.builder()).httpClientBuilder(MotoServer.httpClient()).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
            String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("drill").description("drill instances")).groupId();
            rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(SUBNET_GROUP).dbSubnetGroupDescription("isolated")
                    .subnetIds(a, b));
            return new MotoRdsAccount(rds, sg);
        }
    }

    public RdsClient rds() {
        return rds;
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
