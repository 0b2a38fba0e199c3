package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.domain.InvalidConfigurationException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One read-only RDS call of the account audit: a refusal (AccessDenied, an unknown region) is the operator's to fix,
 * so it becomes a configuration error that names the call, where it was made and the permission it needs; a call
 * that got no answer at all (no credentials, unknown host, refused) is one too, since nothing was audited, which is
 * not a finding. Throttling that outlasts the SDK's retries stays an AwsThrottlingException.
 */
final class RdsAuditReads {

    private RdsAuditReads() {
    }

    /**
     * @param action what the call does, its RDS action first, e.g. {@code DescribeDBSnapshots SnapshotType=manual}
     * @param where  where it is made, e.g. {@code us-east-1} or {@code account 111122223333 in eu-west-1}
     * @param needs  what the message says of the permission, given it ({@code rds:DescribeDBSnapshots})
     */
    static <T> T read(String action, String where, Function<String, String> needs, Supplier<T> call) {
        try {
            return RdsTransientErrors.call(action + " in " + where, call);
        } catch (RdsException e) {
            throw new InvalidConfigurationException(action + " in " + where + " failed: " + AwsErrors.reason(e)
                    + "; " + needs.apply("rds:" + action.split(" ")[0]), e);
        } catch (SdkClientException e) {
            throw new InvalidConfigurationException(action + " in " + where + " got no answer from RDS: "
                    + AwsErrors.reason(e), e);
        }
    }
}
