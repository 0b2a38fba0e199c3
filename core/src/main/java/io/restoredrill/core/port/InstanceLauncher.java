package io.restoredrill.core.port;

import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;

import java.util.Map;
import java.util.Objects;

/** Creates the drills' temporary RDS instances. */
public interface InstanceLauncher {

    /**
     * What to create: its identifier, settings and tags. The instance is never publicly accessible, single-AZ,
     * without deletion protection, and its master password is managed by RDS in Secrets Manager.
     */
    record Request(String identifier, DrillSpec.RdsTargetSpec target, Map<String, String> tags) {
        public Request {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(target, "target");
            tags = Map.copyOf(tags);
        }
    }

    /**
     * Restores a snapshot into a new instance. When an instance with the request's identifier exists already
     * (a retried step), returns that one instead of creating a second.
     */
    TemporaryInstance restoreFromSnapshot(Request request, SnapshotRef snapshot);

    /** Creates a new empty PostgreSQL instance (for dumps from S3); adopts an existing one like the restore. */
    TemporaryInstance createBlank(Request request);
}
