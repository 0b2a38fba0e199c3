package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.ClusterDeletionPermit;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.port.TemporaryClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds and deletes temporary Aurora clusters through the RDS API. DeleteDBCluster with SkipFinalSnapshot=true (a
 * drill's cluster holds a copy of production's data and is thrown away; "If you set this parameter to true, then you
 * can't specify FinalDBSnapshotIdentifier") and nothing else.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html
 */
public final class RdsTemporaryClusters implements TemporaryClusters {

    private static final Logger log = LoggerFactory.getLogger(RdsTemporaryClusters.class);
    /** moto's error for a cluster that still has instances; RDS answers InvalidDBClusterStateFault. */
    private static final String MOTO_ACTIVE_MEMBERS = "DBClusterToBeDeletedHasActiveMembers";

    private final RdsClient rds;

    public RdsTemporaryClusters(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public Optional<TemporaryCluster> find(String identifier) {
        try {
            return RdsTransientErrors.call("DescribeDBClusters " + identifier,
                    () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().stream()
                            .findFirst().map(RdsClusters::toDomain));
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<TemporaryCluster> listAll() {
        return RdsTransientErrors.call("DescribeDBClusters",
                () -> rds.describeDBClustersPaginator(r -> r.maxRecords(100)).dbClusters().stream()
                        .map(RdsClusters::toDomain)
                        .toList());
    }

    @Override
    public boolean delete(ClusterDeletionPermit permit) {
        try {
            RdsTransientErrors.call("DeleteDBCluster " + permit.identifier(),
                    () -> rds.deleteDBCluster(r -> r.dbClusterIdentifier(permit.identifier()).skipFinalSnapshot(true)));
            log.info("deleting temporary cluster {}", permit.identifier());
            return true;
        } catch (DbClusterNotFoundException e) {
            log.info("temporary cluster {} is already gone", permit.identifier());
            return false;
        } catch (InvalidDbClusterStateException e) {
            throw busy(permit, e);
        } catch (RdsException e) {
            if (e.awsErrorDetails() != null && MOTO_ACTIVE_MEMBERS.equals(e.awsErrorDetails().errorCode())) {
                throw busy(permit, e);
            }
            throw e;
        }
    }

    private static InstanceBusyException busy(ClusterDeletionPermit permit, RdsException e) {
        return new InstanceBusyException("RDS cannot delete cluster " + permit.identifier() + " yet ("
                + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                + "; its instances must be deleted, or being deleted, first); the deletion is retried", e);
    }
}
