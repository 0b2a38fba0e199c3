package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotDeletionPermit;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.port.SnapshotCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The drills' temporary snapshot copies through the RDS API: CopyDBSnapshot of a shared snapshot into this
 * account, DescribeDBSnapshots of this account's own, DeleteDBSnapshot only with a permit of the guard.
 *
 * <p>CopyDBSnapshot as the API Reference asks for a snapshot shared from another account: the source by its ARN
 * ("If you are copying from a shared manual DB snapshot, this parameter must be the Amazon Resource Name (ARN) of
 * the shared DB snapshot"), and a KmsKeyId ("If you copy an encrypted DB snapshot that is shared from another AWS
 * account, then you must specify a value for KmsKeyId"). PreSignedUrl and SourceRegion are for copies from another
 * Region only, and a shared encrypted snapshot can be copied within its Region only, so neither is sent. Tags are
 * the drill's own; CopyTags=false, so no tag of the backup account's snapshot comes along.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html
 */
public final class RdsSnapshotCopies implements SnapshotCopies {

    private static final Logger log = LoggerFactory.getLogger(RdsSnapshotCopies.class);

    private final RdsClient rds;

    public RdsSnapshotCopies(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public SnapshotCopy copy(SnapshotRef shared, CopyRequest request) {
        log.info("copying shared snapshot {} into this account as {}", shared.arn(), request.identifier());
        try {
            DBSnapshot copy = RdsTransientErrors.call("CopyDBSnapshot " + shared.arn(), () -> rds.copyDBSnapshot(r -> r
                    .sourceDBSnapshotIdentifier(shared.arn())
                    .targetDBSnapshotIdentifier(request.identifier())
                    .kmsKeyId(request.kmsKeyId())
                    .copyTags(false)
                    .tags(RdsLaunchRequests.tags(request.tags()))).dbSnapshot());
            return toDomain(copy);
        } catch (DbSnapshotAlreadyExistsException e) {
            SnapshotCopy existing = find(request.identifier()).orElseThrow(() -> e);
            AdoptionGuard.checkOwnSnapshotCopy(existing, request.tags().getOrDefault(DrillTags.DRILL, ""),
                    request.tags().getOrDefault(DrillTags.EXECUTION, ""));
            log.info("adopting snapshot copy {} that an earlier attempt of this execution started", request.identifier());
            return existing;
        } catch (DbSnapshotNotFoundException e) {
            throw failed(shared, "the shared snapshot no longer exists, or is no longer shared with this account", e);
        } catch (InvalidDbSnapshotStateException e) {
            throw failed(shared, "the shared snapshot is not in the available state", e);
        } catch (KmsKeyNotAccessibleException e) {
            throw failed(shared, "RDS cannot use the KMS keys: the backup account must allow this account to use the"
                    + " snapshot's key, and source.rdsSnapshot.copyShared.kmsKeyId (" + request.kmsKeyId() + ") must"
                    + " be a key of this account and Region that this function may use", e);
        } catch (SnapshotQuotaExceededException e) {
            throw failed(shared, "the account's manual snapshot quota is exhausted; raise it (Service Quotas) or"
                    + " delete unused snapshots", e);
        }
    }

    @Override
    public Optional<SnapshotCopy> find(String identifier) {
        try {
            return RdsTransientErrors.call("DescribeDBSnapshots " + identifier,
                    () -> rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(identifier)).dbSnapshots().stream()
                            .findFirst().map(RdsSnapshotCopies::toDomain));
        } catch (DbSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<SnapshotCopy> listDrillNamed() {
        // This account's manual snapshots (a copy is one); DescribeDBSnapshots has no tag filter.
        return RdsTransientErrors.call("DescribeDBSnapshots (manual)",
                () -> rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual").maxRecords(100)).dbSnapshots()
                        .stream()
                        .filter(s -> s.dbSnapshotIdentifier() != null
                                && TemporaryInstanceName.hasPrefix(s.dbSnapshotIdentifier()))
                        .map(RdsSnapshotCopies::toDomain)
                        .toList());
    }

    @Override
    public boolean delete(SnapshotDeletionPermit permit) {
        try {
            RdsTransientErrors.call("DeleteDBSnapshot " + permit.identifier(),
                    () -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(permit.identifier())));
            log.info("deleted temporary snapshot copy {}", permit.identifier());
            return true;
        } catch (DbSnapshotNotFoundException e) {
            log.info("temporary snapshot copy {} is already gone", permit.identifier());
            return false;
        } catch (InvalidDbSnapshotStateException e) {
            // Still copying, or an instance is still being restored from it: cleanup's busy retry waits.
            throw new InstanceBusyException("RDS cannot delete snapshot " + permit.identifier() + " in its current"
                    + " state yet (" + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                    + "); the deletion is retried", e);
        }
    }

    static SnapshotCopy toDomain(DBSnapshot s) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : s.tagList()) {
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return new SnapshotCopy(s.dbSnapshotIdentifier(),
                Optional.ofNullable(s.dbSnapshotArn()).orElse(s.dbSnapshotIdentifier()),
                Optional.ofNullable(s.status()).orElse("unknown"),
                Optional.ofNullable(s.sourceDBSnapshotIdentifier()),
                tags);
    }

    private static RestoreFailedException failed(SnapshotRef shared, String why, RdsException e) {
        return RdsLaunchRequests.failed("copy shared snapshot " + shared.arn() + " into this account", why, e);
    }
}
