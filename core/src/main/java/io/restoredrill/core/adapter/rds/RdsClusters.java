package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the SDK's {@link DBCluster} to the domain's {@link TemporaryCluster}. The writer endpoint is DBCluster's
 * {@code Endpoint} ("the connection endpoint for the primary instance of the DB cluster") with its {@code Port}.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html
 */
public final class RdsClusters {

    private RdsClusters() {
    }

    public static TemporaryCluster toDomain(DBCluster db) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : db.tagList()) {
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return new TemporaryCluster(
                db.dbClusterIdentifier(),
                Optional.ofNullable(db.dbClusterArn()).orElse(""),
                Optional.ofNullable(db.status()).orElse("unknown"),
                Optional.ofNullable(db.endpoint()).filter(e -> db.port() != null)
                        .map(e -> new TemporaryInstance.Endpoint(e, db.port())),
                Optional.ofNullable(db.masterUserSecret()).map(s -> s.secretArn()),
                Optional.ofNullable(db.masterUserSecret()).map(s -> s.secretStatus()),
                Optional.ofNullable(db.masterUsername()),
                Boolean.TRUE.equals(db.deletionProtection()),
                db.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier).toList(),
                tags,
                Optional.ofNullable(db.clusterCreateTime()));
    }
}
