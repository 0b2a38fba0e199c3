package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One drill of the AWS path, as a drill spec file or the state machine's input states it: which backups, how
 * old they may be, where to restore them, and what to check.
 *
 * @param name         short, unique among the drills of one run; part of the temporary instance's name
 * @param maxBackupAge the newest backup must be younger than this, when given
 * @param maxShrink    allowed row loss per table against a baseline, 0..1
 * @param database     the database on the restored instance that the checks run in; when empty, the one
 *                     database besides {@code postgres}
 */
public record DrillSpec(
        String name,
        BackupSourceSpec source,
        Optional<Duration> maxBackupAge,
        RdsTargetSpec target,
        List<HealthCheck> checks,
        double maxShrink,
        Optional<String> database) {

    public DrillSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(maxBackupAge, "maxBackupAge");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(database, "database");
        checks = List.copyOf(checks);
        if (!name.matches("[a-z][a-z0-9-]{0,39}") || name.endsWith("-") || name.contains("--")) {
            throw new IllegalArgumentException("drill name \"" + name + "\" must be 1-40 lower-case letters, digits and"
                    + " single hyphens, starting with a letter (it becomes part of an RDS instance name)");
        }
    }

    /** Where the backups of a drill are. */
    public sealed interface BackupSourceSpec permits RdsSnapshots, S3Dumps {
    }

    /**
     * Snapshots of an RDS instance: manual ones, ones shared from another (backup) account, AWS Backup ones.
     *
     * @param allowAutomated accept automated snapshots too; off by default because they die with the instance
     */
    public record RdsSnapshots(String dbInstanceIdentifier, boolean allowAutomated) implements BackupSourceSpec {
        public RdsSnapshots {
            Objects.requireNonNull(dbInstanceIdentifier, "dbInstanceIdentifier");
        }
    }

    /** pg_dump files under an S3 prefix, loaded into a blank temporary instance. */
    public record S3Dumps(String bucket, String prefix) implements BackupSourceSpec {
        public S3Dumps {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
        }

        public String uri() {
            return "s3://" + bucket + "/" + prefix;
        }
    }

    /**
     * How to create the temporary instance.
     *
     * @param timeToLive      after this the reaper deletes the instance even if the drill never cleaned up
     * @param engineVersion   for a blank instance (S3 dumps): the PostgreSQL version; empty = RDS default
     * @param allocatedStorageGb for a blank instance (S3 dumps)
     */
    public record RdsTargetSpec(
            String instanceClass,
            String dbSubnetGroupName,
            List<String> vpcSecurityGroupIds,
            Duration timeToLive,
            Optional<String> engineVersion,
            int allocatedStorageGb) {

        public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(6);
        public static final int DEFAULT_ALLOCATED_STORAGE_GB = 20;

        public RdsTargetSpec {
            Objects.requireNonNull(instanceClass, "instanceClass");
            Objects.requireNonNull(dbSubnetGroupName, "dbSubnetGroupName");
            Objects.requireNonNull(timeToLive, "timeToLive");
            Objects.requireNonNull(engineVersion, "engineVersion");
            vpcSecurityGroupIds = List.copyOf(vpcSecurityGroupIds);
            if (vpcSecurityGroupIds.isEmpty()) {
                throw new IllegalArgumentException("target.rds.vpcSecurityGroupIds must name at least one security group");
            }
        }
    }
}
