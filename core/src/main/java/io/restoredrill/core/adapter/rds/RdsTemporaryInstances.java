package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds and deletes temporary instances through the RDS API. Throttling and server errors that outlast the SDK's
 * retries surface as {@link io.restoredrill.core.domain.AwsThrottlingException}, which the state machine retries.
 */
public final class RdsTemporaryInstances implements TemporaryInstances {

    private static final Logger log = LoggerFactory.getLogger(RdsTemporaryInstances.class);

    private final RdsClient rds;

    public RdsTemporaryInstances(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public Optional<TemporaryInstance> find(String identifier) {
        try {
            return RdsTransientErrors.call("DescribeDBInstances " + identifier,
                    () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                            .findFirst().map(RdsInstances::toDomain));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<TemporaryInstance> listAll() {
        // DescribeDBInstances has no tag filter: list everything (paginated) and let the caller pick.
        return RdsTransientErrors.call("DescribeDBInstances",
                () -> rds.describeDBInstancesPaginator(r -> r.maxRecords(100)).dbInstances().stream()
                        .map(RdsInstances::toDomain)
                        .toList());
    }

    @Override
    public boolean delete(DeletionPermit permit) {
        try {
            RdsTransientErrors.call("DeleteDBInstance " + permit.identifier(),
                    () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(permit.identifier())
                            .skipFinalSnapshot(true)
                            .deleteAutomatedBackups(true)));
            log.info("deleting temporary instance {}", permit.identifier());
            return true;
        } catch (DbInstanceNotFoundException e) {
            log.info("temporary instance {} is already gone", permit.identifier());
            return false;
        } catch (InvalidDbInstanceStateException e) {
            throw new InstanceBusyException("RDS cannot delete " + permit.identifier() + " in its current state yet ("
                    + e.awsErrorDetails().errorMessage() + "); the deletion is retried", e);
        }
    }
}
