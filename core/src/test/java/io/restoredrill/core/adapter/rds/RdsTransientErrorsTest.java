package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.DrillTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Throttling and server errors that outlast the SDK's retries reach the state machine as the one transient type it
 * retries by name; errors a retry would only repeat keep their own type. RDS answers from a stub: moto cannot be
 * made to throttle or fail.
 */
class RdsTransientErrorsTest {

    private static final String INSTANCE = "restore-drill-orders-0123456789ab";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:nightly";

    private final RdsQueryApiStub stub = new RdsQueryApiStub();
    private final RdsTemporaryInstances instances = new RdsTemporaryInstances(stub.client());

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aServerErrorOnDeleteBecomesAwsThrottlingExceptionAfterTheSdksOwnRetries() {
        DeletionPermit permit = permitForOwnInstance();
        stub.fail("DeleteDBInstance", 500, "InternalFailure", "An internal error has occurred.");

        assertThatThrownBy(() -> instances.delete(permit))
                .isInstanceOf(AwsThrottlingException.class)
                .hasMessageContaining("DeleteDBInstance " + INSTANCE)
                .hasMessageContaining("InternalFailure, HTTP 500")
                .cause().isInstanceOf(RdsException.class);
        assertThat(stub.requests("DeleteDBInstance")).hasSizeGreaterThan(1);
    }

    @Test
    void throttlingOfDescribeBecomesAwsThrottlingException() {
        stub.fail("DescribeDBInstances", 400, "Throttling", "Rate exceeded");

        assertThatThrownBy(() -> instances.find(INSTANCE))
                .isInstanceOf(AwsThrottlingException.class)
                .hasMessageContaining("Throttling, HTTP 400");
    }

    @Test
    void anErrorARetryWouldOnlyRepeatKeepsItsOwnType() {
        DeletionPermit permit = permitForOwnInstance();
        stub.fail("DeleteDBInstance", 400, "InvalidParameterCombination", "Cannot delete protected DB Instance");

        assertThatThrownBy(() -> instances.delete(permit))
                .isInstanceOf(RdsException.class)
                .isNotInstanceOf(AwsThrottlingException.class);
    }

    private DeletionPermit permitForOwnInstance() {
        stub.instance(INSTANCE, RdsQueryApiStub.instance(INSTANCE, "available", Map.of(DrillTags.TEMPORARY, "true",
                DrillTags.DRILL, "orders", DrillTags.EXECUTION, EXECUTION,
                DrillTags.EXPIRES_AT, "2026-11-26T09:00:00Z")));
        return DeletionGuard.checkOwnInstance(instances.find(INSTANCE).orElseThrow(), EXECUTION);
    }
}
