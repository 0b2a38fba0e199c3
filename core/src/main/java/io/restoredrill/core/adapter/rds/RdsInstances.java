package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.TemporaryInstance;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Maps the SDK's {@link DBInstance} to the domain's {@link TemporaryInstance}. */
public final class RdsInstances {

    private RdsInstances() {
    }

    public static TemporaryInstance toDomain(DBInstance db) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : db.tagList()) {
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return new TemporaryInstance(
                db.dbInstanceIdentifier(),
                Optional.ofNullable(db.dbInstanceArn()).orElse(""),
                Optional.ofNullable(db.dbInstanceStatus()).orElse("unknown"),
                Optional.ofNullable(db.endpoint())
                        .filter(e -> e.address() != null && e.port() != null)
                        .map(e -> new TemporaryInstance.Endpoint(e.address(), e.port())),
                Optional.ofNullable(db.masterUserSecret()).map(s -> s.secretArn()),
                Optional.ofNullable(db.masterUserSecret()).map(s -> s.secretStatus()),
                Optional.ofNullable(db.masterUsername()),
                Boolean.TRUE.equals(db.deletionProtection()),
                tags,
                Optional.ofNullable(db.instanceCreateTime()));
    }
}
