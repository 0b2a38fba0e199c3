package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.DrillTags;
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
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidSubnetException;
import software.amazon.awssdk.services.rds.model.InvalidVpcNetworkStateException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.StorageQuotaExceededException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creates temporary instances through the RDS API: never publicly accessible, single-AZ, without deletion
 * protection, the master password managed by RDS in Secrets Manager (no password passes through the drill), the
 * request's tags, and no tags copied to snapshots.
 *
 * <p>A retried step finds its instance already there (DBInstanceAlreadyExists): it adopts it only when the
 * instance is tagged {@code restore-drill:temporary=true} with this execution's {@code restore-drill:execution}
 * tag, and otherwise fails with {@link InstanceConflictException} without touching it. RDS errors a person must
 * fix become {@link RestoreFailedException}s that say what to fix; throttling and server errors that outlast the
 * SDK's own retries become {@link io.restoredrill.core.domain.AwsThrottlingException}, which the state machine
 * retries; other errors propagate as the SDK's exception.
 */
public final class RdsInstanceLauncher implements InstanceLauncher {

    private static final Logger log = LoggerFactory.getLogger(RdsInstanceLauncher.class);
    /** The master user of a blank instance; RDS generates and keeps its password. */
    public static final String BLANK_MASTER_USERNAME = "drill";

    private final RdsClient rds;

    public RdsInstanceLauncher(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public TemporaryInstance restoreFromSnapshot(Request request, SnapshotRef snapshot) {
        requireRestorableHere(snapshot);
        // A snapshot shared from another account is addressed by its ARN; the account's own ones by identifier.
        String snapshotId = snapshot.kind() == SnapshotRef.Kind.SHARED ? snapshot.arn() : snapshot.identifier();
        log.info("restoring snapshot {} into {}", snapshotId, request.identifier());
        return createOrAdopt(request, "restore snapshot " + snapshotId, () -> rds.restoreDBInstanceFromDBSnapshot(r -> r
                .dbInstanceIdentifier(request.identifier())
                .dbSnapshotIdentifier(snapshotId)
                .dbInstanceClass(request.target().instanceClass())
                .dbSubnetGroupName(request.target().dbSubnetGroupName())
                .vpcSecurityGroupIds(request.target().vpcSecurityGroupIds())
                .publiclyAccessible(false)
                .multiAZ(false)
                .deletionProtection(false)
                .manageMasterUserPassword(true)
                .copyTagsToSnapshot(false)
                .tags(tags(request))).dbInstance());
    }

    @Override
    public TemporaryInstance createBlank(Request request) {
        log.info("creating blank instance {}", request.identifier());
        return createOrAdopt(request, "create a blank instance", () -> rds.createDBInstance(r -> r
                .dbInstanceIdentifier(request.identifier())
                .engine("postgres")
                .engineVersion(request.target().engineVersion().orElse(null))
                .allocatedStorage(request.target().allocatedStorageGb())
                .dbInstanceClass(request.target().instanceClass())
                .dbSubnetGroupName(request.target().dbSubnetGroupName())
                .vpcSecurityGroupIds(request.target().vpcSecurityGroupIds())
                .publiclyAccessible(false)
                .multiAZ(false)
                .deletionProtection(false)
                .masterUsername(BLANK_MASTER_USERNAME)
                .manageMasterUserPassword(true)
                .storageEncrypted(true)
                // A drill instance lives for hours and is thrown away: backups would only cost.
                .backupRetentionPeriod(0)
                .copyTagsToSnapshot(false)
                .tags(tags(request))).dbInstance());
    }

    /**
     * A shared snapshot encrypted with a key of the account that owns it (not this one) cannot be restored
     * here. This account's id is not known without STS; a shared snapshot's owner is by definition another
     * account, so a key in the owner's account is a foreign key. A key given without an ARN is the owner's too.
     */
    private static void requireRestorableHere(SnapshotRef snapshot) {
        if (snapshot.kind() != SnapshotRef.Kind.SHARED || !snapshot.encrypted()) {
            return;
        }
        Optional<String> keyAccount = snapshot.kmsKeyId().flatMap(RdsArns::account);
        boolean foreignKey = keyAccount.isEmpty() || keyAccount.equals(snapshot.ownerAccount());
        if (foreignKey) {
            throw new SnapshotNeedsCopyException("snapshot " + snapshot.arn() + " is shared from account "
                    + snapshot.ownerAccount().orElse("(unknown)") + " and encrypted with that account's KMS key "
                    + snapshot.kmsKeyId().orElse("(unknown)") + ", so it cannot be restored directly: copy it into"
                    + " this account with a KMS key of this account first: aws rds copy-db-snapshot"
                    + " --source-db-snapshot-identifier " + snapshot.arn()
                    + " --target-db-snapshot-identifier <name> --kms-key-id <key ARN of this account>"
                    + " (the backup account must share the source key with this account), then let the drill"
                    + " restore the copy (a manual snapshot of this account)");
        }
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
            throw failed(action, "the account's RDS storage quota is exhausted; raise the quota (Service Quotas)"
                    + " or delete unused instances", e);
        } catch (InstanceQuotaExceededException e) {
            throw failed(action, "the account's RDS instance quota is exhausted; raise the quota (Service Quotas)"
                    + " or delete unused instances", e);
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
        Optional<String> execution = Optional.ofNullable(request.tags().get(DrillTags.EXECUTION));
        if (!instance.tag(DrillTags.TEMPORARY).equals(Optional.of("true")) || execution.isEmpty()
                || !instance.tag(DrillTags.EXECUTION).equals(execution)) {
            throw new InstanceConflictException("an RDS instance named " + request.identifier() + " already exists"
                    + " and was not made by this execution (" + DrillTags.TEMPORARY + "="
                    + instance.tag(DrillTags.TEMPORARY).orElse("(missing)") + ", " + DrillTags.EXECUTION + "="
                    + instance.tag(DrillTags.EXECUTION).orElse("(missing)") + "); the drill leaves it alone",
                    cause);
        }
        log.info("adopting instance {} that an earlier attempt of this execution created", request.identifier());
        return instance;
    }

    private static RestoreFailedException failed(String action, String why, RdsException e) {
        String detail = e.awsErrorDetails() == null ? e.getMessage()
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        return new RestoreFailedException("RDS could not " + action + ": " + why + " (" + detail + ")", e);
    }

    private static List<Tag> tags(Request request) {
        return request.tags().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }
}
