package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.RdsCapacity;
import io.restoredrill.core.port.AccountQuotas;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AccountQuota;
import software.amazon.awssdk.services.rds.model.DescribeAccountAttributesResponse;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The account's RDS quotas from {@code DescribeAccountAttributes}. The API Reference
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeAccountAttributes.html) documents a call
 * without parameters answering {@code AccountQuotas}, each {@code {AccountQuotaName, Used, Max}}; the
 * {@code AccountQuota} data type page names {@code DBInstances} (a count) and {@code AllocatedStorage} ("the total
 * allocated storage per account, in GiB"). moto does not serve the call: the tests answer it with the documented
 * response from a stand-in.
 */
public final class RdsAccountQuotas implements AccountQuotas {

    static final String DB_INSTANCES = "DBInstances";
    static final String ALLOCATED_STORAGE = "AllocatedStorage";

    private final RdsClient rds;

    public RdsAccountQuotas(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    @Override
    public RdsCapacity rdsCapacity() {
        DescribeAccountAttributesResponse response = RdsTransientErrors.call("DescribeAccountAttributes",
                () -> rds.describeAccountAttributes(r -> { }));
        List<AccountQuota> quotas = response.accountQuotas();
        Optional<AccountQuota> instances = find(quotas, DB_INSTANCES);
        Optional<AccountQuota> storage = find(quotas, ALLOCATED_STORAGE);
        return new RdsCapacity(max(instances), used(instances), max(storage), used(storage));
    }

    private static Optional<AccountQuota> find(List<AccountQuota> quotas, String name) {
        return quotas.stream().filter(q -> name.equals(q.accountQuotaName())).findFirst();
    }

    private static OptionalLong max(Optional<AccountQuota> quota) {
        return quota.map(AccountQuota::max).filter(Objects::nonNull).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static long used(Optional<AccountQuota> quota) {
        return quota.map(AccountQuota::used).filter(Objects::nonNull).orElse(0L);
    }
}
