package io.restoredrill.cli.preflight;

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
 */
public record PreflightDrill(String name, Optional<SnapshotSource> snapshots, String dbSubnetGroupName,
                             List<String> securityGroupIds) {

    public PreflightDrill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(dbSubnetGroupName, "dbSubnetGroupName");
        securityGroupIds = List.copyOf(securityGroupIds);
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
