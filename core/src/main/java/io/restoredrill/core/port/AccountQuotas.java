package io.restoredrill.core.port;

import io.restoredrill.core.domain.RdsCapacity;

/** The account's RDS quotas in the region and their current usage. */
public interface AccountQuotas {

    RdsCapacity rdsCapacity();
}
