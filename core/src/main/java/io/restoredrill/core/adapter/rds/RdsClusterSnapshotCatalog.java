package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.port.ClusterSnapshotCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The production cluster's snapshots and facts, read through DescribeDBClusterSnapshots and DescribeDBClusters, as
 * {@link RdsSnapshotCatalog} does for instances.
 *
 * <p>One paginated query per SnapshotType (automated, manual, shared with IncludeShared, awsbackup): the API Reference
 * says that without a type "all DB cluster snapshots are returned" except shared and public ones, and lists
 * {@code awsbackup} among the values. The cluster is named with the {@code db-cluster-id} filter ("Accepts DB cluster
 * identifiers and DB cluster Amazon Resource Names (ARNs)"), not the DBClusterIdentifier parameter, which
 * "must match the identifier of an existing DBCluster": the night a production cluster was deleted is the night its
 * surviving snapshots matter most.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshots.html
 */
public final class RdsClusterSnapshotCatalog implements ClusterSnapshotCatalog {

    private static final Logger log = LoggerFactory.getLogger(RdsClusterSnapshotCatalog.class);

    private final RdsClient rds;

    public RdsClusterSnapshotCatalog(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public List<SnapshotRef> snapshotsOf(String dbClusterIdentifier) {
        Map<String, SnapshotRef> byArn = new LinkedHashMap<>();
        for (SnapshotRef.Kind kind : SnapshotRef.Kind.values()) {
            RdsTransientErrors.call("DescribeDBClusterSnapshots " + dbClusterIdentifier,
                    () -> rds.describeDBClusterSnapshotsPaginator(r -> r
                                    .filters(Filter.builder().name("db-cluster-id").values(dbClusterIdentifier).build())
                                    .snapshotType(RdsSnapshotCatalog.snapshotType(kind))
                                    .includeShared(kind == SnapshotRef.Kind.SHARED)
                                    .maxRecords(100))
                            .dbClusterSnapshots().stream()
                            // moto answers a shared query with every snapshot shared with the account, whatever the
                            // filter; RDS applies it. Keeping only the cluster's own costs nothing on RDS.
                            .filter(s -> kind != SnapshotRef.Kind.SHARED || dbClusterIdentifier.equals(s.dbClusterIdentifier()))
                            .map(s -> toDomain(s, kind))
                            .toList())
                    .forEach(s -> byArn.putIfAbsent(s.arn(), s));
        }
        log.info("found {} cluster snapshots of {}", byArn.size(), dbClusterIdentifier);
        return List.copyOf(byArn.values());
    }

    @Override
    public Optional<ProductionInstanceFacts> productionCluster(String dbClusterIdentifier) {
        try {
            return RdsTransientErrors.call("DescribeDBClusters " + dbClusterIdentifier,
                    () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(dbClusterIdentifier)).dbClusters()
                            .stream().findFirst().map(RdsClusterSnapshotCatalog::facts));
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    private static ProductionInstanceFacts facts(DBCluster db) {
        return new ProductionInstanceFacts(db.dbClusterIdentifier(), Boolean.TRUE.equals(db.deletionProtection()),
                Optional.ofNullable(db.backupRetentionPeriod()).orElse(0));
    }

    private static SnapshotRef toDomain(DBClusterSnapshot s, SnapshotRef.Kind kind) {
        String arn = Optional.ofNullable(s.dbClusterSnapshotArn()).orElse(s.dbClusterSnapshotIdentifier());
        return new SnapshotRef(
                s.dbClusterSnapshotIdentifier(),
                arn,
                kind,
                Optional.ofNullable(s.snapshotCreateTime()).orElse(java.time.Instant.EPOCH),
                Optional.ofNullable(s.status()).orElse("unknown"),
                Boolean.TRUE.equals(s.storageEncrypted()),
                Optional.ofNullable(s.kmsKeyId()),
                kind == SnapshotRef.Kind.SHARED ? RdsArns.account(arn) : Optional.empty(),
                Optional.ofNullable(s.engineVersion()).orElse(""));
    }
}
