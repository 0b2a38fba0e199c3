package io.restoredrill.core.guard;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a plan must not destroy, and which resources must keep deletion protection.
 *
 * @param protectedTypes resource types whose deletion or replacement is refused: databases and what holds backups
 * @param databaseTypes  resource types that must be created, and kept, with deletion protection on
 * @param protectedNames further resources, by name (a bucket of dumps, a DB identifier), of any type
 * @param protectedTags  further resources, by tag: key to value, an empty value matching any value of the key
 */
public record GuardPolicy(Set<String> protectedTypes, Set<String> databaseTypes, Set<String> protectedNames,
                          Map<String, Optional<String>> protectedTags) {

    /**
     * Databases and backups in both languages: RDS instances, Aurora and global clusters, DB and cluster snapshots
     * (Terraform), AWS Backup vaults. Buckets are protected only by name or tag: most buckets hold no backup.
     */
    public static final Set<String> DEFAULT_PROTECTED_TYPES = Set.of(
            "aws_db_instance", "aws_rds_cluster", "aws_rds_global_cluster", "aws_db_snapshot",
            "aws_db_cluster_snapshot", "aws_db_snapshot_copy", "aws_backup_vault",
            "aws_backup_logically_air_gapped_vault",
            "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::GlobalCluster", "AWS::Backup::BackupVault",
            "AWS::Backup::LogicallyAirGappedBackupVault");

    /** The resources that carry a deletion protection setting of their own. */
    public static final Set<String> DEFAULT_DATABASE_TYPES = Set.of(
            "aws_db_instance", "aws_rds_cluster", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster");

    public GuardPolicy {
        protectedTypes = Set.copyOf(protectedTypes);
        databaseTypes = Set.copyOf(databaseTypes);
        protectedNames = Set.copyOf(protectedNames);
        protectedTags = Map.copyOf(protectedTags);
    }

    /** The defaults, with more types, names and tags to protect. */
    public static GuardPolicy defaultsWith(Set<String> moreTypes, Set<String> names, Map<String, Optional<String>> tags) {
        Set<String> types = new HashSet<>(DEFAULT_PROTECTED_TYPES);
        types.addAll(moreTypes);
        return new GuardPolicy(types, DEFAULT_DATABASE_TYPES, names, tags);
    }

    /** Why a change's resource is protected, or empty when it is not. */
    public Optional<String> protects(PlannedChange change) {
        Objects.requireNonNull(change, "change");
        if (protectedTypes.contains(change.resourceType())) {
            return Optional.of(databaseTypes.contains(change.resourceType()) ? "a database"
                    : "a protected " + change.resourceType());
        }
        for (String name : change.names()) {
            if (protectedNames.contains(name)) {
                return Optional.of("protected by name (" + name + ")");
            }
        }
        for (Map.Entry<String, Optional<String>> tag : protectedTags.entrySet()) {
            String value = change.tags().get(tag.getKey());
            if (value != null && tag.getValue().map(value::equals).orElse(true)) {
                return Optional.of("protected by tag (" + tag.getKey() + "=" + value + ")");
            }
        }
        return Optional.empty();
    }

    public boolean needsDeletionProtection(PlannedChange change) {
        // An instance in an Aurora cluster has no deletion protection of its own: the cluster carries it.
        return databaseTypes.contains(change.resourceType()) && !change.inCluster();
    }
}
