package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.RdsCapacity;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * moto 5.2.1 does not serve DescribeAccountAttributes: a stand-in answers with the response the API Reference
 * documents (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeAccountAttributes.html, sample
 * response: {@code <AccountQuotaList><AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName><Used>22</Used>
 * <Max>40</Max>...}).
 */
class RdsAccountQuotasTest {

    private static final String DOCUMENTED = """
            <AccountQuotas>
              <AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName><Used>22</Used><Max>40</Max></AccountQuota>
              <AccountQuota><AccountQuotaName>ReservedDBInstances</AccountQuotaName><Used>0</Used><Max>40</Max></AccountQuota>
              <AccountQuota><AccountQuotaName>AllocatedStorage</AccountQuotaName><Used>3500</Used><Max>100000</Max></AccountQuota>
              <AccountQuota><AccountQuotaName>DBSecurityGroups</AccountQuotaName><Used>1</Used><Max>25</Max></AccountQuota>
            </AccountQuotas>""";

    @Test
    void readsTheInstanceAndStorageQuotasFromTheDocumentedResponse() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.answer("DescribeAccountAttributes", DOCUMENTED);

            RdsCapacity capacity = new RdsAccountQuotas(stub.client()).rdsCapacity();

            assertThat(capacity.instancesMax()).isEqualTo(OptionalLong.of(40));
            assertThat(capacity.instancesUsed()).isEqualTo(22);
            assertThat(capacity.instancesLeft()).isEqualTo(OptionalLong.of(18));
            assertThat(capacity.storageLeftGib()).isEqualTo(OptionalLong.of(96_500));
            // The call takes no parameters: nothing but Action and Version is sent.
            assertThat(stub.requests("DescribeAccountAttributes")).singleElement()
                    .satisfies(form -> assertThat(form.keySet()).containsOnly("Action", "Version"));
        }
    }

    @Test
    void concurrencyIsLoweredToWhatTheQuotasLeave() {
        RdsCapacity capacity = new RdsCapacity(OptionalLong.of(40), 22, OptionalLong.of(1000), 900);

        assertThat(capacity.concurrency(40, Optional.empty())).isEqualTo(18);
        assertThat(capacity.concurrency(10, Optional.empty())).isEqualTo(10);
        assertThat(capacity.concurrency(40, Optional.of(20L))).isEqualTo(5);
        assertThat(new RdsCapacity(OptionalLong.of(40), 40, OptionalLong.empty(), 0)
                .concurrency(40, Optional.empty())).isZero();
    }

    @Test
    void aQuotaRdsDoesNotReportLimitsNothing() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.answer("DescribeAccountAttributes", "<AccountQuotas/>");

            RdsCapacity capacity = new RdsAccountQuotas(stub.client()).rdsCapacity();

            assertThat(capacity.instancesLeft()).isEmpty();
            assertThat(capacity.concurrency(40, Optional.of(100L))).isEqualTo(40);
        }
    }

    @Test
    void throttlingIsTheErrorTheStateMachineRetries() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.fail("DescribeAccountAttributes", 400, "Throttling", "Rate exceeded");

            assertThatThrownBy(() -> new RdsAccountQuotas(stub.client()).rdsCapacity())
                    .isInstanceOf(AwsThrottlingException.class)
                    .hasMessageContaining("DescribeAccountAttributes");
        }
    }
}
