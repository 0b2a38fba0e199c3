package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.AdoptionPermit;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.InstanceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InstanceQuotaExceededException;
import software.amazon.awssdk.services.rds.model.InsufficientDbInstanceCapacityException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidSubnetException;
import software.amazon.awssdk.services.rds.model.InvalidVpcNetworkStateException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.StorageQuotaExceededException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import static io.restoredrill.core.adapter.rds.RdsLaunchRequests.failed;
import static io.restoredrill.core.adapter.rds.RdsLaunchRequests.quotaReached;
import static io.restoredrill.core.adapter.rds.RdsLaunchRequests.tags;

/**
 * Creates temporary instances through the RDS API: never publicly accessible (PubliclyAccessible=false on every
 * create and restore), single-AZ, without deletion protection, in the drill's security groups plus the stack's
 * temporary-instance group, the request's tags, and no tags copied to snapshots. A blank instance gets a master
 * password managed by RDS in Secrets Manager at once; a restored one afterwards, through
 * {@link #enableManagedMasterPassword} (RestoreDBInstanceFromDBSnapshot accepts ManageMasterUserPassword for RDS
 * for Oracle only). No password ever passes through the drill.
 *
 * <p>A retried step finds its instance already there (DBInstanceAlreadyExists): it adopts it only when
 * {@link AdoptionGuard} finds it this drill's own, and otherwise fails with {@link InstanceConflictException}
 * without touching it. RDS errors a person must
 * fix become {@link RestoreFailedException}s that say what to fix; throttling and server errors that outlast the
 * SDK's own retries become {@link io.restoredrill.core.domain.AwsThrottlingException}, which the state machine
 * retries; other errors propagate as the SDK's exception.
 */
public final class RdsInstanceLauncher implements InstanceLauncher {

    private static final Logger log = LoggerFactory.getLogger(RdsInstanceLauncher.class);
    /** The master user of a blank instance; RDS generates and keeps its password. */
    public static final String BLANK_MASTER_USERNAME = "drill";

    private final RdsClient rds;
    private final Optional<String> temporaryInstanceSecurityGroup;

    /** A launcher without a stack-provided security group (local runs): the drill spec must name the groups. */
    public RdsInstanceLauncher(RdsClient rds) {
        this(rds, Optional.empty());
    }

    /**
     * @param temporaryInstanceSecurityGroup the stack's temporary-instance security group (the one validate may
     *                                       reach), added to every instance's groups
     */
    public RdsInstanceLauncher(RdsClient rds, Optional<String> temporaryInstanceSecurityGroup) {
        this.rds = Objects.requireNonNull(rds, "rds");
        this.temporaryInstanceSecurityGroup = Objects.requireNonNull(temporaryInstanceSecurityGroup,
                "temporaryInstanceSecurityGroup").filter(g -> !g.isBlank());
    }

    // ManageMasterUserPassword is not sent: "Constraints: Applies to RDS for Oracle only."
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
    @Override
    public TemporaryInstance restoreFromSnapshot(Request request, SnapshotRef snapshot) {
        if (snapshot.kind() == SnapshotRef.Kind.SHARED && snapshot.encrypted()) {
            // RDS User Guide, "Sharing a DB snapshot": a shared encrypted snapshot cannot be restored, only copied.
            throw SnapshotNeedsCopyException.sharedAndEncrypted(snapshot);
        }
        List<String> securityGroups = RdsLaunchRequests.securityGroups("instance " + request.identifier(),
                request.target().vpcSecurityGroupIds(), temporaryInstanceSecurityGroup);
        // A snapshot shared from another account is addressed by its ARN; the account's own ones by identifier.
        String snapshotId = snapshot.kind() == SnapshotRef.Kind.SHARED ? snapshot.arn() : snapshot.identifier();
        log.info("restoring snapshot {} into {}", snapshotId, request.identifier());
        return createOrAdopt(request, "restore snapshot " + snapshotId, () -> rds.restoreDBInstanceFromDBSnapshot(r -> r
                .dbInstanceIdentifier(request.identifier())
                .dbSnapshotIdentifier(snapshotId)
                .dbInstanceClass(request.target().instanceClass())
                .dbSubnetGroupName(request.target().dbSubnetGroupName())
                .vpcSecurityGroupIds(securityGroups)
                .publiclyAccessible(false)
                .multiAZ(false)
                .deletionProtection(false)
                .copyTagsToSnapshot(false)
                .tags(tags(request.tags()))).dbInstance());
    }

    /**
     * ModifyDBInstance with exactly DBInstanceIdentifier, ManageMasterUserPassword=true and ApplyImmediately=true.
     * IAM's only condition key for ModifyDBInstance is rds:ManageMasterUserPassword, so IAM cannot stop this call
     * from also changing PubliclyAccessible or the security groups: this method is where that is prevented, by
     * setting nothing else and taking nothing from the caller but the permit's identifier.
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
     */
    @Override
    public TemporaryInstance enableManagedMasterPassword(AdoptionPermit permit) {
        log.info("turning on RDS-managed master password for {}", permit.identifier());
        try {
            return RdsInstances.toDomain(RdsTransientErrors.call("ModifyDBInstance " + permit.identifier(),
                    () -> rds.modifyDBInstance(r -> r
                            .dbInstanceIdentifier(permit.identifier())
                            .manageMasterUserPassword(true)
                            .applyImmediately(true)).dbInstance()));
        } catch (InvalidDbInstanceStateException e) {
            // Available when described, busy a moment later (a backup starting): the next poll asks again.
            throw new InstanceBusyException("RDS cannot modify " + permit.identifier() + " in its current state yet ("
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()) + ")", e);
        }
    }

    // ManageMasterUserPassword is valid here for PostgreSQL (its constraints exclude only a given
    // MasterUserPassword, and RDS Custom / Aurora rules that do not apply).
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    @Override
    public TemporaryInstance createBlank(Request request) {
        List<String> securityGroups = RdsLaunchRequests.securityGroups("instance " + request.identifier(),
                request.target().vpcSecurityGroupIds(), temporaryInstanceSecurityGroup);
        log.info("creating blank instance {}", request.identifier());
        return createOrAdopt(request, "create a blank instance", () -> rds.createDBInstance(r -> r
                .dbInstanceIdentifier(request.identifier())
                .engine("postgres")
                .engineVersion(request.target().engineVersion().orElse(null))
                .allocatedStorage(request.target().allocatedStorageGb())
                .dbInstanceClass(request.target().instanceClass())
                .dbSubnetGroupName(request.target().dbSubnetGroupName())
                .vpcSecurityGroupIds(securityGroups)
                .publiclyAccessible(false)
                .multiAZ(false)
                .deletionProtection(false)
                .masterUsername(BLANK_MASTER_USERNAME)
                .manageMasterUserPassword(true)
                .storageEncrypted(true)
                // A drill instance lives for hours and is thrown away: backups would only cost.
                .backupRetentionPeriod(0)
                .copyTagsToSnapshot(false)
                .tags(tags(request.tags()))).dbInstance());
    }


    private TemporaryInstance createOrAdopt(Request request, String action, Supplier<DBInstance> create) {
        try {
            return RdsInstances.toDomain(RdsTransientErrors.call(action, create));
        } catch (DbInstanceAlreadyExistsException e) {
            return adopt(request, e);
        } catch (InvalidDbSnapshotStateException e) {
            throw failed(action, "the snapshot is not in the available state (still being created or copied?)", e);
        } catch (DbSnapshotNotFoundException e) {
            throw failed(action, "the snapshot no longer exists (deleted, or no longer shared with this account)", e);
        } catch (InsufficientDbInstanceCapacityException e) {
            throw failed(action, "RDS has no capacity for instance class " + request.target().instanceClass()
                    + " in the subnet group's availability zones; try another instance class or retry later", e);
        } catch (StorageQuotaExceededException e) {
            throw quotaReached(action, "storage quota", e);
        } catch (InstanceQuotaExceededException e) {
            throw quotaReached(action, "DB instance quota", e);
        } catch (KmsKeyNotAccessibleException e) {
            throw failed(action, "RDS cannot use the snapshot's KMS key; grant this account (and the RDS service)"
                    + " use of the key, or copy the snapshot with a key of this account", e);
        } catch (DbSubnetGroupNotFoundException e) {
            throw failed(action, "DB subnet group \"" + request.target().dbSubnetGroupName() + "\" does not exist;"
                    + " check target.rds.dbSubnetGroupName of the drill spec", e);
        } catch (InvalidSubnetException | InvalidVpcNetworkStateException e) {
            throw failed(action, "the subnet group \"" + request.target().dbSubnetGroupName() + "\" or security"
                    + " groups " + request.target().vpcSecurityGroupIds() + " cannot host the instance", e);
        }
    }

    private TemporaryInstance adopt(Request request, DbInstanceAlreadyExistsException cause) {
        DBInstance existing;
        try {
            existing = RdsTransientErrors.call("DescribeDBInstances " + request.identifier(),
                    () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(request.identifier())).dbInstances()
                            .stream().findFirst()).orElseThrow(() -> cause);
        } catch (DbInstanceNotFoundException gone) {
            // Deleted between the two calls: not ours to re-create in a loop; the state machine retries the step.
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

}
