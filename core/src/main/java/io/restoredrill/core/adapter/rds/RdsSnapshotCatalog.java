package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.port.SnapshotCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The production instance's snapshots and facts, read through DescribeDBSnapshots and DescribeDBInstances.
 *
 * <p>One paginated query per snapshot type (manual, automated, awsbackup, and shared with IncludeShared), because
 * RDS returns only manual and automated snapshots when no type is given. The instance is named with the
 * {@code db-instance-id} filter, not the DBInstanceIdentifier parameter: the API Reference constrains that parameter
 * to "the identifier of an existing DBInstance", and the night this product exists for is the night the production
 * instance was deleted, when its surviving snapshots matter most. The filter "accepts DB instance identifiers and DB
 * instance Amazon Resource Names (ARNs)" and names no such constraint. A shared snapshot's source instance is the
 * production instance, so the same filter finds the copies a backup account shares.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
 *
 * <p>Snapshots that are not {@code available} (creating, copying, failed...) are kept in the list with their
 * status: the restore step restores only available ones, and the audit can say that the newest one is not
 * restorable instead of silently looking past it.
 */
public final class RdsSnapshotCatalog implements SnapshotCatalog {

    private static final Logger log = LoggerFactory.getLogger(RdsSnapshotCatalog.class);

    private final RdsClient rds;

    public RdsSnapshotCatalog(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public List<SnapshotRef> snapshotsOf(String dbInstanceIdentifier) {
        // Keyed by ARN: a snapshot type RDS does not know would otherwise be listed twice by the untyped default.
        Map<String, SnapshotRef> byArn = new LinkedHashMap<>();
        for (SnapshotRef.Kind kind : SnapshotRef.Kind.values()) {
            RdsTransientErrors.call("DescribeDBSnapshots " + dbInstanceIdentifier,
                    () -> rds.describeDBSnapshotsPaginator(r -> r
                                    .filters(Filter.builder().name("db-instance-id").values(dbInstanceIdentifier).build())
                                    .snapshotType(snapshotType(kind))
                                    .includeShared(kind == SnapshotRef.Kind.SHARED)
                                    .maxRecords(100))
                            .dbSnapshots().stream()
                            .map(s -> toDomain(s, kind))
                            .toList())
                    .forEach(s -> byArn.putIfAbsent(s.arn(), s));
        }
        List<SnapshotRef> snapshots = new ArrayList<>(byArn.values());
        log.info("found {} snapshots of {}", snapshots.size(), dbInstanceIdentifier);
        return List.copyOf(snapshots);
    }

    @Override
    public Optional<ProductionInstanceFacts> productionInstance(String dbInstanceIdentifier) {
        try {
            return RdsTransientErrors.call("DescribeDBInstances " + dbInstanceIdentifier,
                    () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(dbInstanceIdentifier)).dbInstances()
                            .stream().findFirst().map(RdsSnapshotCatalog::facts));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The SnapshotType filter value of DescribeDBSnapshots for each kind. */
    static String snapshotType(SnapshotRef.Kind kind) {
        return switch (kind) {
            case MANUAL -> "manual";
            case SHARED -> "shared";
            case AWS_BACKUP -> "awsbackup";
            case AUTOMATED -> "automated";
        };
    }

    private static ProductionInstanceFacts facts(DBInstance db) {
        return new ProductionInstanceFacts(db.dbInstanceIdentifier(), Boolean.TRUE.equals(db.deletionProtection()),
                Optional.ofNullable(db.backupRetentionPeriod()).orElse(0));
    }

    private static SnapshotRef toDomain(DBSnapshot s, SnapshotRef.Kind kind) {
        String arn = Optional.ofNullable(s.dbSnapshotArn()).orElse(s.dbSnapshotIdentifier());
        return new SnapshotRef(
                s.dbSnapshotIdentifier(),
                arn,
                kind,
                // A snapshot still being created may have no SnapshotCreateTime yet: it sorts as the oldest (it is not
                // available, so it is never restored).
                Optional.ofNullable(s.snapshotCreateTime()).orElse(java.time.Instant.EPOCH),
                Optional.ofNullable(s.status()).orElse("unknown"),
                Boolean.TRUE.equals(s.encrypted()),
                Optional.ofNullable(s.kmsKeyId()),
                kind == SnapshotRef.Kind.SHARED ? RdsArns.account(arn) : Optional.empty(),
                Optional.ofNullable(s.engineVersion()).orElse(""));
    }
}
