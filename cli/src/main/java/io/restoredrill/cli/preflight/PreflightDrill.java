package io.restoredrill.cli.preflight;

import io.restoredrill.core.domain.DrillSpec.RdsTargetSpec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of one drill of the schedule's input that the preflight checks. The full spec was validated when the
 * stack was synthesized; the preflight reads only where the drill's backups are and where its instance will live.
 *
 * @param snapshots         empty for a drill whose backups are pg_dump files in S3
 * @param dbSubnetGroupName the subnet group the temporary instance is created in
 * @param securityGroupIds  the drill's own security groups (the stack's group is added to every instance)
 * @param allocatedStorageGb {@code target.rds.allocatedStorageGb}: the storage of the blank instance a drill of S3
 *                          dumps creates (a snapshot's restore takes the snapshot's, unknown until the night)
 */
public record PreflightDrill(String name, Optional<SnapshotSource> snapshots, String dbSubnetGroupName,
                             List<String> securityGroupIds, int allocatedStorageGb) {

    public PreflightDrill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(dbSubnetGroupName, "dbSubnetGroupName");
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    /** A drill whose spec leaves allocatedStorageGb at its default. */
    public PreflightDrill(String name, Optional<SnapshotSource> snapshots, String dbSubnetGroupName,
                          List<String> securityGroupIds) {
        this(name, snapshots, dbSubnetGroupName, securityGroupIds, RdsTargetSpec.DEFAULT_ALLOCATED_STORAGE_GB);
    }

    /** The storage one drill's instance takes, when known before the night: a blank instance for S3 dumps. */
    public Optional<Long> blankInstanceStorageGb() {
        return snapshots.isEmpty() ? Optional.of((long) allocatedStorageGb) : Optional.empty();
    }

    /**
     * {@code source.rdsSnapshot}.
     *
     * @param copyKmsKeyId {@code copyShared.kmsKeyId}: the key in this account a shared snapshot is copied with
     */
    public record SnapshotSource(String dbInstanceIdentifier, boolean allowAutomated, Optional<String> copyKmsKeyId) {
        public SnapshotSource {
            Objects.requireNonNull(dbInstanceIdentifier, "dbInstanceIdentifier");
            Objects.requireNonNull(copyKmsKeyId, "copyKmsKeyId");
        }
    }
}
