package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import io.restoredrill.core.port.DatabaseInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The account's databases and snapshots for the account audit, read-only, through four paginated RDS calls. Every
 * list is read to its last page: the SDK's paginators send the previous answer's {@code Marker} until none comes
 * back. {@code MaxRecords} is 100, the documented maximum (minimum 20, default 100).
 * <ul>
 *   <li>DescribeDBInstances, whose DBInstance carries DeletionProtection, BackupRetentionPeriod, TagList and, for an
 *       Aurora member, DBClusterIdentifier (such members are left to their cluster).
 *       https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html</li>
 *   <li>DescribeDBClusters, the same facts of Aurora clusters.
 *       https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html</li>
 *   <li>DescribeDBSnapshots, once per SnapshotType: {@code manual}, {@code shared} (with IncludeShared, which the
 *       Reference says does not apply to the manual and automated types), {@code awsbackup} and {@code automated}.
 *       Without a type RDS returns only manual and automated ones. The whole account's snapshots are listed (no
 *       instance filter), so the snapshots of a database already deleted are read too, and the calls do not grow
 *       with the number of databases.
 *       https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html</li>
 *   <li>DescribeDBClusterSnapshots, once per SnapshotType {@code manual}, {@code shared} (with IncludeShared) and
 *       {@code automated}; the Reference's {@code awsbackup} type "does not apply to Aurora".
 *       https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshots.html</li>
 * </ul>
 */
public final class RdsDatabaseInventory implements DatabaseInventory {

    private static final Logger log = LoggerFactory.getLogger(RdsDatabaseInventory.class);

    /** The documented maximum of MaxRecords for all four calls. */
    static final int MAX_RECORDS = 100;

    private final RdsClient rds;
    private final int pageSize;
    private final String region;

    /** @param rds a client this inventory uses but does not own; its region is the one audited */
    public RdsDatabaseInventory(RdsClient rds) {
        this(rds, MAX_RECORDS);
    }

    /** @param pageSize MaxRecords, 20 to 100 (tests page with 20) */
    RdsDatabaseInventory(RdsClient rds, int pageSize) {
        this.rds = Objects.requireNonNull(rds, "rds");
        if (pageSize < 20 || pageSize > MAX_RECORDS) {
            throw new IllegalArgumentException("MaxRecords must be 20 to 100, not " + pageSize);
        }
        this.pageSize = pageSize;
        this.region = Optional.ofNullable(rds.serviceClientConfiguration().region()).map(r -> r.id()).orElse("");
    }

    @Override
    public String describe() {
        return "RDS in " + region;
    }

    @Override
    public List<AccountDatabase> databases() {
        List<AccountDatabase> databases = new ArrayList<>();
        read("DescribeDBInstances", () -> rds.describeDBInstancesPaginator(r -> r.maxRecords(pageSize)).dbInstances()
                .stream().filter(i -> i.dbClusterIdentifier() == null).map(this::instance).toList())
                .forEach(databases::add);
        read("DescribeDBClusters", () -> rds.describeDBClustersPaginator(r -> r.maxRecords(pageSize)).dbClusters()
                .stream().map(this::cluster).toList())
                .forEach(databases::add);
        log.info("found {} databases in {}", databases.size(), region);
        return List.copyOf(databases);
    }

    @Override
    public List<AccountBackup> backups() {
        Map<String, AccountBackup> byArn = new LinkedHashMap<>();
        for (AccountBackup.Type type : List.of(AccountBackup.Type.MANUAL, AccountBackup.Type.SHARED,
                AccountBackup.Type.AWS_BACKUP, AccountBackup.Type.AUTOMATED)) {
            read("DescribeDBSnapshots SnapshotType=" + snapshotType(type), () -> rds.describeDBSnapshotsPaginator(r -> r
                            .snapshotType(snapshotType(type))
                            .includeShared(type == AccountBackup.Type.SHARED)
                            .maxRecords(pageSize))
                    .dbSnapshots().stream().toList())
                    .forEach(s -> byArn.putIfAbsent(Optional.ofNullable(s.dbSnapshotArn()).orElse(s.dbSnapshotIdentifier()),
                            snapshot(s, type)));
        }
        for (AccountBackup.Type type : List.of(AccountBackup.Type.MANUAL, AccountBackup.Type.SHARED,
                AccountBackup.Type.AUTOMATED)) {
            read("DescribeDBClusterSnapshots SnapshotType=" + snapshotType(type), () -> rds
                    .describeDBClusterSnapshotsPaginator(r -> r
                            .snapshotType(snapshotType(type))
                            .includeShared(type == AccountBackup.Type.SHARED)
                            .maxRecords(pageSize))
                    .dbClusterSnapshots().stream().toList())
                    .forEach(s -> byArn.putIfAbsent(Optional.ofNullable(s.dbClusterSnapshotArn())
                            .orElse(s.dbClusterSnapshotIdentifier()), clusterSnapshot(s, type)));
        }
        return List.copyOf(byArn.values());
    }

    static String snapshotType(AccountBackup.Type type) {
        return switch (type) {
            case MANUAL -> "manual";
            case SHARED -> "shared";
            case AWS_BACKUP -> "awsbackup";
            case AUTOMATED -> "automated";
            case COPY -> throw new IllegalArgumentException("copies are found by RdsBackupCopies, not by SnapshotType");
        };
    }

    private <T> T read(String action, Supplier<T> call) {
        return RdsAuditReads.read(action, region, permission -> "the audit needs " + permission
                + " (see the README's Account audit permissions)", call);
    }

    private AccountDatabase instance(DBInstance i) {
        return new AccountDatabase(AccountDatabase.Kind.INSTANCE, i.dbInstanceIdentifier(), region,
                Optional.ofNullable(i.engine()).orElse(""), Boolean.TRUE.equals(i.deletionProtection()),
                Optional.ofNullable(i.backupRetentionPeriod()).orElse(0), tags(i.tagList()),
                Optional.ofNullable(i.dbInstanceArn()));
    }

    private AccountDatabase cluster(DBCluster c) {
        return new AccountDatabase(AccountDatabase.Kind.CLUSTER, c.dbClusterIdentifier(), region,
                Optional.ofNullable(c.engine()).orElse(""), Boolean.TRUE.equals(c.deletionProtection()),
                Optional.ofNullable(c.backupRetentionPeriod()).orElse(0), tags(c.tagList()),
                Optional.ofNullable(c.dbClusterArn()));
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), Optional.ofNullable(t.value()).orElse("")));
        return map;
    }

    private static AccountBackup snapshot(DBSnapshot s, AccountBackup.Type type) {
        // A snapshot still being created may have no SnapshotCreateTime yet; it is not available, so never counted.
        return new AccountBackup(AccountDatabase.Kind.INSTANCE, Optional.ofNullable(s.dbInstanceIdentifier()).orElse(""),
                s.dbSnapshotIdentifier(), type, Optional.ofNullable(s.snapshotCreateTime()).orElse(Instant.EPOCH),
                Optional.ofNullable(s.status()).orElse("unknown"));
    }

    private static AccountBackup clusterSnapshot(DBClusterSnapshot s, AccountBackup.Type type) {
        return new AccountBackup(AccountDatabase.Kind.CLUSTER, Optional.ofNullable(s.dbClusterIdentifier()).orElse(""),
                s.dbClusterSnapshotIdentifier(), type,
                Optional.ofNullable(s.snapshotCreateTime()).orElse(Instant.EPOCH),
                Optional.ofNullable(s.status()).orElse("unknown"));
    }
}
