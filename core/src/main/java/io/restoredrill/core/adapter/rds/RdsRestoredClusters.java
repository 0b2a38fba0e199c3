package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.RestoredClusterPermit;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.InstanceLauncher;
import io.restoredrill.core.port.RestoredClusters;
import software.amazon.awssdk.services.rds.RdsClient;

import java.util.Objects;
import java.util.Optional;

/**
 * The cluster an AWS Backup restore testing job restored, through the cluster drills' own adapters: DescribeDBClusters
 * ({@link RdsTemporaryClusters#find}) and CreateDBInstance with DBClusterIdentifier
 * ({@link RdsClusterLauncher#addInstance}). It holds no delete or modify: the cluster is AWS Backup's.
 */
public final class RdsRestoredClusters implements RestoredClusters {

    private final RdsTemporaryClusters clusters;
    private final RdsClusterLauncher launcher;

    public RdsRestoredClusters(RdsClient rds) {
        Objects.requireNonNull(rds, "rds");
        this.clusters = new RdsTemporaryClusters(rds);
        this.launcher = new RdsClusterLauncher(rds);
    }

    @Override
    public Optional<TemporaryCluster> find(String identifier) {
        return clusters.find(identifier);
    }

    @Override
    public TemporaryInstance addInstance(InstanceLauncher.Request instance, RestoredClusterPermit cluster) {
        return launcher.addInstance(instance, cluster);
    }
}
