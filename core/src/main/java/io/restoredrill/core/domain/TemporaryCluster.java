package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Aurora DB cluster as a drill sees it: a drill's temporary cluster (restored from a cluster snapshot) or any
 * other cluster the reaper lists. The master password RDS manages belongs to the cluster, not to its instances, so
 * the secret is here.
 *
 * @param writerEndpoint the cluster endpoint (DBCluster.Endpoint and Port): always the writer, whichever instance
 *                       that is
 * @param members        the identifiers of its DB instances (DBClusterMembers)
 */
public record TemporaryCluster(
        String identifier,
        String arn,
        String rdsStatus,
        Optional<TemporaryInstance.Endpoint> writerEndpoint,
        Optional<String> secretArn,
        Optional<String> secretStatus,
        Optional<String> masterUsername,
        boolean deletionProtection,
        List<String> members,
        Map<String, String> tags,
        Optional<Instant> createdAt) {

    public TemporaryCluster {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(rdsStatus, "rdsStatus");
        Objects.requireNonNull(writerEndpoint, "writerEndpoint");
        Objects.requireNonNull(secretArn, "secretArn");
        Objects.requireNonNull(secretStatus, "secretStatus");
        Objects.requireNonNull(masterUsername, "masterUsername");
        Objects.requireNonNull(createdAt, "createdAt");
        members = List.copyOf(members);
        tags = Map.copyOf(tags);
    }

    /**
     * What the poll loop needs to know. DB cluster statuses are named like instance ones for what a drill acts on
     * ({@code available}, {@code creating}, {@code deleting}, {@code failed}, {@code inaccessible-encryption-credentials});
     * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/accessing-monitoring.html#Aurora.Status
     */
    public InstanceState state() {
        return InstanceState.ofRdsStatus(rdsStatus);
    }

    /** The same reading of the cluster's MasterUserSecret as {@link TemporaryInstance#managedSecret()}. */
    public TemporaryInstance.ManagedSecret managedSecret() {
        if (secretArn.isEmpty()) {
            return TemporaryInstance.ManagedSecret.NONE;
        }
        return switch (secretStatus.map(s -> s.toLowerCase(java.util.Locale.ROOT)).orElse("active")) {
            case "active", "impaired" -> TemporaryInstance.ManagedSecret.USABLE;
            default -> TemporaryInstance.ManagedSecret.PENDING;
        };
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
