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
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
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
 * Aurora cluster drills' temporary copies of shared encrypted cluster snapshots: CopyDBClusterSnapshot into this
 * account, DescribeDBClusterSnapshots of this account's own, DeleteDBClusterSnapshot only with a permit of the guard.
 *
 * <p>CopyDBClusterSnapshot as the API Reference asks for a snapshot shared from another account: the source by its
 * ARN, and a KmsKeyId ("If you copy an encrypted DB cluster snapshot that is shared from another Amazon Web Services
 * account, then you must specify a value for KmsKeyId"). Tags are the drill's own, CopyTags=false.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBClusterSnapshot.html
 */
public final class RdsClusterSnapshotCopies implements SnapshotCopies {

    private static final Logger log = LoggerFactory.getLogger(RdsClusterSnapshotCopies.class);

    private final RdsClient rds;

    public RdsClusterSnapshotCopies(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public SnapshotCopy copy(SnapshotRef shared, CopyRequest request) {
        log.info("copying shared cluster snapshot {} into this account as {}", shared.arn(), request.identifier());
        try {
            DBClusterSnapshot copy = RdsTransientErrors.call("CopyDBClusterSnapshot " + shared.arn(),
                    () -> rds.copyDBClusterSnapshot(r -> r
                            .sourceDBClusterSnapshotIdentifier(shared.arn())
                            .targetDBClusterSnapshotIdentifier(request.identifier())
                            .kmsKeyId(request.kmsKeyId())
                            .copyTags(false)
                            .tags(RdsLaunchRequests.tags(request.tags()))).dbClusterSnapshot());
            return toDomain(copy);
        } catch (DbClusterSnapshotAlreadyExistsException e) {
            SnapshotCopy existing = find(request.identifier()).orElseThrow(() -> e);
            AdoptionGuard.checkOwnSnapshotCopy(existing, request.tags().getOrDefault(DrillTags.DRILL, ""),
                    request.tags().getOrDefault(DrillTags.EXECUTION, ""));
            log.info("adopting cluster snapshot copy {} that an earlier attempt of this execution started",
                    request.identifier());
            return existing;
        } catch (DbClusterSnapshotNotFoundException e) {
            throw failed(shared, "the shared cluster snapshot no longer exists, or is no longer shared with this"
                    + " account", e);
        } catch (InvalidDbClusterSnapshotStateException e) {
            throw failed(shared, "the shared cluster snapshot is not in the available state", e);
        } catch (KmsKeyNotAccessibleException e) {
            throw failed(shared, "RDS cannot use the KMS keys: the backup account must allow this account to use the"
                    + " snapshot's key, and source.auroraCluster.copyShared.kmsKeyId (" + request.kmsKeyId() + ")"
                    + " must be a key of this account and Region that this function may use", e);
        } catch (SnapshotQuotaExceededException e) {
            throw failed(shared, "the account's manual snapshot quota is exhausted; raise it (Service Quotas) or"
                    + " delete unused snapshots", e);
        }
    }

    @Override
    public Optional<SnapshotCopy> find(String identifier) {
        try {
            return RdsTransientErrors.call("DescribeDBClusterSnapshots " + identifier,
                    () -> rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(identifier))
                            .dbClusterSnapshots().stream().findFirst().map(RdsClusterSnapshotCopies::toDomain));
        } catch (DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<SnapshotCopy> listDrillNamed() {
        return RdsTransientErrors.call("DescribeDBClusterSnapshots (manual)",
                () -> rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual").maxRecords(100))
                        .dbClusterSnapshots().stream()
                        .filter(s -> s.dbClusterSnapshotIdentifier() != null
                                && TemporaryInstanceName.hasPrefix(s.dbClusterSnapshotIdentifier()))
                        .map(RdsClusterSnapshotCopies::toDomain)
                        .toList());
    }

    @Override
    public boolean delete(SnapshotDeletionPermit permit) {
        try {
            RdsTransientErrors.call("DeleteDBClusterSnapshot " + permit.identifier(),
                    () -> rds.deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(permit.identifier())));
            log.info("deleted temporary cluster snapshot copy {}", permit.identifier());
            return true;
        } catch (DbClusterSnapshotNotFoundException e) {
            log.info("temporary cluster snapshot copy {} is already gone", permit.identifier());
            return false;
        } catch (InvalidDbClusterSnapshotStateException e) {
            throw new InstanceBusyException("RDS cannot delete cluster snapshot " + permit.identifier() + " in its"
                    + " current state yet (" + (e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage()) + "); the deletion is retried", e);
        }
    }

    static SnapshotCopy toDomain(DBClusterSnapshot s) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : s.tagList()) {
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return new SnapshotCopy(s.dbClusterSnapshotIdentifier(),
                Optional.ofNullable(s.dbClusterSnapshotArn()).orElse(s.dbClusterSnapshotIdentifier()),
                Optional.ofNullable(s.status()).orElse("unknown"),
                Optional.ofNullable(s.sourceDBClusterSnapshotArn()),
                tags);
    }

    private static RestoreFailedException failed(SnapshotRef shared, String why, RdsException e) {
        return RdsLaunchRequests.failed("copy shared cluster snapshot " + shared.arn() + " into this account", why, e);
    }
}
