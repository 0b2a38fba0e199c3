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
 */
public record AccountDatabase(Kind kind, String identifier, String region, String engine, boolean deletionProtection,
                              int backupRetentionDays, Map<String, String> tags) {

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
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
