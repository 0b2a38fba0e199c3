package io.restoredrill.core.port;

import io.restoredrill.core.domain.AdoptionPermit;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;

import java.util.Map;
import java.util.Objects;

/** Creates the drills' temporary RDS instances. */
public interface InstanceLauncher {

    /**
     * What to create: its identifier, settings and tags. The instance is never publicly accessible, single-AZ and
     * without deletion protection; a blank one gets a master password managed by RDS in Secrets Manager at once, a
     * restored one through {@link #enableManagedMasterPassword} once it is available.
     */
    record Request(String identifier, DrillSpec.RdsTargetSpec target, Map<String, String> tags) {
        public Request {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(target, "target");
            tags = Map.copyOf(tags);
        }
    }

    /**
     * Restores a snapshot into a new instance, without a managed master password (RDS accepts that parameter on a
     * snapshot restore for RDS for Oracle only). When an instance with the request's identifier exists already
     * (a retried step), returns that one instead of creating a second, if it is this drill's own.
     */
    TemporaryInstance restoreFromSnapshot(Request request, SnapshotRef snapshot);

    /**
     * Turns on RDS management of the master password of a restored instance (RDS generates a new password and keeps
     * it in Secrets Manager; it never passes through the drill), applied immediately. Changes nothing else: the
     * permit names the instance and nothing more, so no caller can ask for another setting through this call.
     *
     * @return the instance as RDS reports it after the request (its secret is typically still {@code creating})
     */
    TemporaryInstance enableManagedMasterPassword(AdoptionPermit permit);

    /** Creates a new empty PostgreSQL instance (for dumps from S3); adopts an existing one like the restore. */
    TemporaryInstance createBlank(Request request);
}
