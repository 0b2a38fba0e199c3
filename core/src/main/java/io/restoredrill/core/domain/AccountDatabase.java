package io.restoredrill.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One database of the account as the account audit sees it: an RDS DB instance, or an Aurora DB cluster (whose
 * member instances are not listed on their own: deletion protection and backups belong to the cluster).
 *
 * @param backupRetentionDays the automated backups' retention; 0 when automated backups are off
 * @param tags                the resource's tags, key to value
 * @param arn                 the resource's ARN, when RDS gave it (AWS Backup names resources by ARN)
 */
public record AccountDatabase(Kind kind, String identifier, String region, String engine, boolean deletionProtection,
                              int backupRetentionDays, Map<String, String> tags, Optional<String> arn) {

    /** What kind of RDS resource it is. */
    public enum Kind {
        INSTANCE, CLUSTER;

        /** For people and JSON: {@code instance}, {@code cluster}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AccountDatabase {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(engine, "engine");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(arn, "arn");
    }

    /** A database whose ARN is not known. */
    public AccountDatabase(Kind kind, String identifier, String region, String engine, boolean deletionProtection,
                           int backupRetentionDays, Map<String, String> tags) {
        this(kind, identifier, region, engine, deletionProtection, backupRetentionDays, tags, Optional.empty());
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
