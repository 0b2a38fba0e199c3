package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.ClusterAdoptionPermit;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.RestoredClusterPermit;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.ClusterLauncher;
import io.restoredrill.core.port.InstanceLauncher.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterQuotaExceededException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InstanceQuotaExceededException;
import software.amazon.awssdk.services.rds.model.InsufficientDbClusterCapacityException;
import software.amazon.awssdk.services.rds.model.InsufficientDbInstanceCapacityException;
import software.amazon.awssdk.services.rds.model.InsufficientStorageClusterCapacityException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidSubnetException;
import software.amazon.awssdk.services.rds.model.InvalidVpcNetworkStateException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.StorageQuotaExceededException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.restoredrill.core.adapter.rds.RdsLaunchRequests.failed;
import static io.restoredrill.core.adapter.rds.RdsLaunchRequests.quotaReached;
import static io.restoredrill.core.adapter.rds.RdsLaunchRequests.tags;

/**
 * Creates Aurora cluster drills' temporary clusters and their one DB instance through the RDS API.
 *
 * <p>RestoreDBClusterFromSnapshot: Engine {@code aurora-postgresql} (required), the temporary identifier, the drill's
 * subnet group and security groups plus the stack's temporary-instance group, DeletionProtection=false,
 * CopyTagsToSnapshot=false, the drill's tags. No master password parameter: the API takes none for a snapshot restore
 * (the cluster keeps production's master user), and the Aurora User Guide lists creating and modifying a cluster
 * (and an Aurora MySQL restore from S3) as where RDS may be told to manage the password, not a snapshot restore; so
 * {@link #enableManagedMasterPassword} does it afterwards. PubliclyAccessible=false, sent, not left to the default:
 * the API Reference says that without it a cluster in subnets of a VPC with an internet gateway "is public", and it is
 * "Valid for: Aurora DB clusters and Multi-AZ DB clusters". The Service Authorization Reference gives this action no
 * rds:PubliclyAccessible condition key, so IAM cannot insist on it: this request is where it is guaranteed.
 * {@link #createInstance} sends false too (that action has the key, and IAM requires it there).
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html
 *
 * <p>CreateDBInstance in the cluster: DBClusterIdentifier, Engine {@code aurora-postgresql}, the instance class,
 * PubliclyAccessible=false and the tags; nothing the API Reference says "doesn't apply to Amazon Aurora DB instances"
 * (VpcSecurityGroupIds, DeletionProtection, MultiAZ, AllocatedStorage, BackupRetentionPeriod, the master user: the
 * cluster manages them). https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 *
 * <p>Retried steps adopt what their first attempt created, only when {@link AdoptionGuard} finds it this drill's own.
 */
public final class RdsClusterLauncher implements ClusterLauncher {

    private static final Logger log = LoggerFactory.getLogger(RdsClusterLauncher.class);
    /** The engine of every cluster drill: restore-drill proves PostgreSQL backups. */
    public static final String ENGINE = "aurora-postgresql";

    private final RdsClient rds;
    private final Optional<String> temporaryInstanceSecurityGroup;

    public RdsClusterLauncher(RdsClient rds) {
        this(rds, Optional.empty());
    }

    /** @param temporaryInstanceSecurityGroup the stack's temporary-instance group, added to every cluster's groups */
    public RdsClusterLauncher(RdsClient rds, Optional<String> temporaryInstanceSecurityGroup) {
        this.rds = Objects.requireNonNull(rds, "rds");
        this.temporaryInstanceSecurityGroup = Objects.requireNonNull(temporaryInstanceSecurityGroup,
                "temporaryInstanceSecurityGroup").filter(g -> !g.isBlank());
    }

    @Override
    public TemporaryCluster restoreFromSnapshot(Request request, SnapshotRef snapshot) {
        if (snapshot.kind() == SnapshotRef.Kind.SHARED && snapshot.encrypted()) {
            throw SnapshotNeedsCopyException.sharedAndEncryptedCluster(snapshot);
        }
        List<String> securityGroups = RdsLaunchRequests.securityGroups("cluster " + request.identifier(),
                request.target().vpcSecurityGroupIds(), temporaryInstanceSecurityGroup);
        // "If you restore from a shared manual DB cluster snapshot": addressed by its ARN; the account's own by name.
        String snapshotId = snapshot.kind() == SnapshotRef.Kind.SHARED ? snapshot.arn() : snapshot.identifier();
        String action = "restore cluster snapshot " + snapshotId;
        log.info("restoring cluster snapshot {} into cluster {}", snapshotId, request.identifier());
        try {
            DBCluster restored = RdsTransientErrors.call(action, () -> rds.restoreDBClusterFromSnapshot(r -> r
                    .dbClusterIdentifier(request.identifier())
                    .snapshotIdentifier(snapshotId)
                    .engine(ENGINE)
                    .dbSubnetGroupName(request.target().dbSubnetGroupName())
                    .vpcSecurityGroupIds(securityGroups)
                    .publiclyAccessible(false)
                    .deletionProtection(false)
                    .copyTagsToSnapshot(false)
                    .tags(tags(request.tags()))).dbCluster());
            return RdsClusters.toDomain(restored);
        } catch (DbClusterAlreadyExistsException e) {
            return adoptCluster(request, e);
        } catch (DbClusterSnapshotNotFoundException e) {
            throw failed(action, "the cluster snapshot no longer exists (deleted, or no longer shared with this"
                    + " account)", e);
        } catch (InvalidDbClusterSnapshotStateException e) {
            throw failed(action, "the cluster snapshot is not in the available state (still being created or"
                    + " copied?)", e);
        } catch (InsufficientDbClusterCapacityException | InsufficientStorageClusterCapacityException e) {
            throw failed(action, "RDS has no capacity for the cluster in the subnet group's availability zones;"
                    + " retry later", e);
        } catch (DbClusterQuotaExceededException e) {
            throw quotaReached(action, "DB cluster quota", e);
        } catch (StorageQuotaExceededException e) {
            throw quotaReached(action, "storage quota", e);
        } catch (KmsKeyNotAccessibleException e) {
            throw failed(action, "RDS cannot use the cluster snapshot's KMS key; grant this account (and the RDS"
                    + " service) use of the key, or copy the snapshot with a key of this account", e);
        } catch (DbSubnetGroupNotFoundException e) {
            throw failed(action, "DB subnet group \"" + request.target().dbSubnetGroupName() + "\" does not exist;"
                    + " check target.rds.dbSubnetGroupName of the drill spec", e);
        } catch (InvalidSubnetException | InvalidVpcNetworkStateException e) {
            throw failed(action, "the subnet group \"" + request.target().dbSubnetGroupName() + "\" or security"
                    + " groups " + securityGroups + " cannot host the cluster", e);
        }
    }

    /**
     * ModifyDBCluster with exactly DBClusterIdentifier, ManageMasterUserPassword=true and ApplyImmediately=true. As
     * for ModifyDBInstance, IAM's only condition key on ModifyDBCluster for this is rds:ManageMasterUserPassword: this
     * method is where every other setting is kept out, by sending nothing but the permit's identifier.
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html
     */
    @Override
    public TemporaryCluster enableManagedMasterPassword(ClusterAdoptionPermit cluster) {
        log.info("turning on RDS-managed master password for cluster {}", cluster.identifier());
        try {
            return RdsClusters.toDomain(RdsTransientErrors.call("ModifyDBCluster " + cluster.identifier(),
                    () -> rds.modifyDBCluster(r -> r
                            .dbClusterIdentifier(cluster.identifier())
                            .manageMasterUserPassword(true)
                            .applyImmediately(true)).dbCluster()));
        } catch (InvalidDbClusterStateException e) {
            throw new InstanceBusyException("RDS cannot modify cluster " + cluster.identifier() + " in its current"
                    + " state yet (" + message(e) + ")", e);
        }
    }

    @Override
    public TemporaryInstance createInstance(Request instance, ClusterAdoptionPermit cluster) {
        return createInstanceIn(instance, cluster.identifier());
    }

    /**
     * The drill's instance in the cluster an AWS Backup restore testing job restored: the same request as in a drill's
     * own cluster (the drill's identifier, class, tags, PubliclyAccessible=false). The only call this makes on
     * AWS Backup's cluster is CreateDBInstance naming it as DBClusterIdentifier.
     */
    public TemporaryInstance addInstance(Request instance, RestoredClusterPermit cluster) {
        return createInstanceIn(instance, cluster.identifier());
    }

    private TemporaryInstance createInstanceIn(Request instance, String clusterIdentifier) {
        String action = "create instance " + instance.identifier() + " in cluster " + clusterIdentifier;
        log.info("creating instance {} in cluster {}", instance.identifier(), clusterIdentifier);
        try {
            DBInstance created = RdsTransientErrors.call(action, () -> rds.createDBInstance(r -> r
                    .dbInstanceIdentifier(instance.identifier())
                    .dbClusterIdentifier(clusterIdentifier)
                    .engine(ENGINE)
                    .dbInstanceClass(instance.target().instanceClass())
                    .publiclyAccessible(false)
                    .tags(tags(instance.tags()))).dbInstance());
            return RdsInstances.toDomain(created);
        } catch (DbInstanceAlreadyExistsException e) {
            return adoptInstance(instance, e);
        } catch (InvalidDbClusterStateException e) {
            throw new InstanceBusyException("RDS cannot add an instance to cluster " + clusterIdentifier + " in its"
                    + " current state yet (" + message(e) + ")", e);
        } catch (DbClusterNotFoundException e) {
            throw failed(action, "the cluster no longer exists", e);
        } catch (InsufficientDbInstanceCapacityException e) {
            throw failed(action, "RDS has no capacity for instance class " + instance.target().instanceClass()
                    + " in the cluster's availability zones; try another target.rds.instanceClass or retry later", e);
        } catch (InstanceQuotaExceededException e) {
            throw quotaReached(action, "DB instance quota", e);
        }
    }

    private TemporaryCluster adoptCluster(Request request, DbClusterAlreadyExistsException cause) {
        DBCluster existing;
        try {
            existing = RdsTransientErrors.call("DescribeDBClusters " + request.identifier(),
                    () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(request.identifier())).dbClusters()
                            .stream().findFirst()).orElseThrow(() -> cause);
        } catch (DbClusterNotFoundException gone) {
            throw cause;
        }
        TemporaryCluster cluster = RdsClusters.toDomain(existing);
        try {
            AdoptionGuard.checkOwnCluster(cluster, request.tags().getOrDefault(DrillTags.DRILL, ""),
                    request.tags().getOrDefault(DrillTags.EXECUTION, ""));
        } catch (InstanceConflictException conflict) {
            conflict.addSuppressed(cause);
            throw conflict;
        }
        log.info("adopting cluster {} that an earlier attempt of this execution restored", request.identifier());
        return cluster;
    }

    private TemporaryInstance adoptInstance(Request request, DbInstanceAlreadyExistsException cause) {
        DBInstance existing;
        try {
            existing = RdsTransientErrors.call("DescribeDBInstances " + request.identifier(),
                    () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(request.identifier())).dbInstances()
                            .stream().findFirst()).orElseThrow(() -> cause);
        } catch (DbInstanceNotFoundException gone) {
            throw cause;
        }
        TemporaryInstance instance = RdsInstances.toDomain(existing);
        try {
            AdoptionGuard.checkOwnInstance(instance, request.tags().getOrDefault(DrillTags.DRILL, ""),
                    request.tags().getOrDefault(DrillTags.EXECUTION, ""));
        } catch (InstanceConflictException conflict) {
            conflict.addSuppressed(cause);
            throw conflict;
        }
        log.info("adopting instance {} that an earlier attempt of this execution created", request.identifier());
        return instance;
    }

    private static String message(RdsException e) {
        return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    }
}
