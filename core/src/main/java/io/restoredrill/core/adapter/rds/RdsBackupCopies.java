package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import io.restoredrill.core.domain.BackupCopy;
import io.restoredrill.core.port.BackupCopies;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The snapshot copies kept in one other place, read with that place's RDS client: another region of the audited
 * account, or a backup account reached through a role there (the caller builds the client with the role's
 * credentials). A snapshot there is a copy of a database elsewhere when RDS says it was copied from another region
 * or account:
 * <ul>
 *   <li>DB snapshots (DescribeDBSnapshots, SnapshotType {@code manual} and {@code awsbackup}, the latter being what
 *       an AWS Backup copy job leaves in the destination): {@code SourceDBSnapshotIdentifier}, which the API
 *       Reference's DBSnapshot data type documents as "the DB snapshot ARN that the DB snapshot was copied from. It
 *       only has a value in the case of a cross-account or cross-Region copy"
 *       (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSnapshot.html); the source region is that
 *       ARN's, or {@code SourceRegion};</li>
 *   <li>DB cluster snapshots (DescribeDBClusterSnapshots, SnapshotType {@code manual}):
 *       {@code SourceDBClusterSnapshotArn}
 *       (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBClusterSnapshot.html).</li>
 * </ul>
 * The copy names its database as RDS keeps it ({@code DBInstanceIdentifier}, {@code DBClusterIdentifier}): the audit
 * matches it to the database of that identifier in the source region.
 */
public final class RdsBackupCopies implements BackupCopies {

    private final RdsClient rds;
    private final String place;

    /**
     * @param rds   a client of the place (its region, its account's credentials); used, not owned
     * @param place where that is, for people, e.g. {@code account 111122223333 in eu-west-1 (role ...)}
     */
    public RdsBackupCopies(RdsClient rds, String place) {
        this.rds = Objects.requireNonNull(rds, "rds");
        this.place = Objects.requireNonNull(place, "place");
    }

    @Override
    public String describe() {
        return place;
    }

    @Override
    public List<BackupCopy> copies() {
        List<BackupCopy> copies = new ArrayList<>();
        for (String type : List.of("manual", "awsbackup")) {
            read("DescribeDBSnapshots SnapshotType=" + type, () -> rds.describeDBSnapshotsPaginator(r -> r
                    .snapshotType(type).maxRecords(RdsDatabaseInventory.MAX_RECORDS)).dbSnapshots().stream().toList())
                    .forEach(s -> copy(s).ifPresent(copies::add));
        }
        read("DescribeDBClusterSnapshots SnapshotType=manual", () -> rds.describeDBClusterSnapshotsPaginator(r -> r
                .snapshotType("manual").maxRecords(RdsDatabaseInventory.MAX_RECORDS)).dbClusterSnapshots().stream()
                .toList())
                .forEach(s -> copy(s).ifPresent(copies::add));
        return List.copyOf(copies);
    }

    private Optional<BackupCopy> copy(DBSnapshot s) {
        Optional<String> source = Optional.ofNullable(s.sourceDBSnapshotIdentifier()).filter(id -> id.startsWith("arn:"));
        if (source.isEmpty() || s.dbInstanceIdentifier() == null) {
            return Optional.empty();
        }
        String region = Optional.ofNullable(s.sourceRegion()).filter(r -> !r.isBlank()).orElse(arnRegion(source.get()));
        return Optional.of(new BackupCopy(new AccountBackup(AccountDatabase.Kind.INSTANCE, s.dbInstanceIdentifier(),
                Optional.ofNullable(s.dbSnapshotArn()).orElse(s.dbSnapshotIdentifier()), AccountBackup.Type.COPY,
                Optional.ofNullable(s.snapshotCreateTime()).orElse(Instant.EPOCH),
                Optional.ofNullable(s.status()).orElse("unknown")), region, place));
    }

    private Optional<BackupCopy> copy(DBClusterSnapshot s) {
        Optional<String> source = Optional.ofNullable(s.sourceDBClusterSnapshotArn()).filter(id -> id.startsWith("arn:"));
        if (source.isEmpty() || s.dbClusterIdentifier() == null) {
            return Optional.empty();
        }
        return Optional.of(new BackupCopy(new AccountBackup(AccountDatabase.Kind.CLUSTER, s.dbClusterIdentifier(),
                Optional.ofNullable(s.dbClusterSnapshotArn()).orElse(s.dbClusterSnapshotIdentifier()),
                AccountBackup.Type.COPY, Optional.ofNullable(s.snapshotCreateTime()).orElse(Instant.EPOCH),
                Optional.ofNullable(s.status()).orElse("unknown")), arnRegion(source.get()), place));
    }

    /** arn:partition:rds:REGION:account:snapshot:name */
    static String arnRegion(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 4 ? parts[3] : "";
    }

    private <T> T read(String action, Supplier<T> call) {
        return RdsAuditReads.read(action, place, permission -> "looking for copies there needs " + permission, call);
    }
}
