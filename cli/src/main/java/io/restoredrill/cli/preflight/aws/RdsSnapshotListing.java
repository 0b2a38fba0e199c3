package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.SnapshotListing;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Filter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * DescribeDBSnapshots, the way the restore step asks it
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html):
 * <ul>
 *   <li>the instance through the {@code db-instance-id} filter, not the DBInstanceIdentifier parameter, which "must
 *       match the identifier of an existing DBInstance": the snapshots of a deleted production instance must still
 *       be found;</li>
 *   <li>one SnapshotType per call: without one RDS returns only manual and automated snapshots;</li>
 *   <li>IncludeShared=true with SnapshotType=shared: shared snapshots of other accounts are otherwise left out;</li>
 *   <li>paginated by Marker, MaxRecords 20..100.</li>
 * </ul>
 */
public final class RdsSnapshotListing implements SnapshotListing {

    private final RdsClient rds;

    public RdsSnapshotListing(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public List<VisibleSnapshot> snapshotsOf(String dbInstanceIdentifier, SnapshotType type) {
        return rds.describeDBSnapshotsPaginator(r -> r
                        .filters(Filter.builder().name("db-instance-id").values(dbInstanceIdentifier).build())
                        .snapshotType(type.apiValue())
                        .includeShared(type == SnapshotType.SHARED)
                        .maxRecords(100))
                .dbSnapshots().stream()
                .map(s -> toSnapshot(s, type))
                .toList();
    }

    private static VisibleSnapshot toSnapshot(DBSnapshot s, SnapshotType type) {
        return new VisibleSnapshot(s.dbSnapshotIdentifier(),
                Optional.ofNullable(s.dbSnapshotArn()).orElse(s.dbSnapshotIdentifier()), type,
                Optional.ofNullable(s.status()).orElse("unknown"), Optional.ofNullable(s.snapshotCreateTime()),
                Boolean.TRUE.equals(s.encrypted()), Optional.ofNullable(s.kmsKeyId()));
    }
}
