package io.restoredrill.core.port;

import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotRef;

import java.util.List;
import java.util.Optional;

/** The RDS snapshots of a production instance, and the facts about the instance the audit reports. Read-only. */
public interface SnapshotCatalog {

    /**
     * Every snapshot of the instance this account can restore: its manual and automated snapshots, AWS Backup
     * snapshots, and snapshots shared with this account from another one (a backup account). Includes
     * snapshots whose instance no longer exists.
     */
    List<SnapshotRef> snapshotsOf(String dbInstanceIdentifier);

    /** The production instance's facts, or empty when it does not exist (any more). */
    Optional<ProductionInstanceFacts> productionInstance(String dbInstanceIdentifier);
}
