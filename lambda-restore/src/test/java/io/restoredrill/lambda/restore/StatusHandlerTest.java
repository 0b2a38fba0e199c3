package io.restoredrill.lambda.restore;

import io.restoredrill.core.workflow.InstanceStatus;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.workflow.DrillState;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static io.restoredrill.lambda.restore.HandlerEvents.event;
import static io.restoredrill.lambda.restore.HandlerEvents.invoke;
import static org.assertj.core.api.Assertions.assertThat;

class StatusHandlerTest {

    @Test
    void anInstanceThatIsGoneIsReportedFailedAndTheRestOfTheStateIsKept() {
        try (MotoRdsAccount account = MotoRdsAccount.create()) {
            StatusHandler handler = new StatusHandler(RestoreWiring.of(account.rds(), Clock.systemUTC()).statusStep());

            DrillState polled = invoke(handler, event("status-instance-gone.json"));

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.id()).isEqualTo("restore-drill-orders-5f1c0e2a9b7d");
                assertThat(i.status()).isEqualTo(InstanceStatus.FAILED);
                assertThat(i.rdsStatus()).isEqualTo("not-found");
            });
            assertThat(polled.backup().orElseThrow().identifier()).isEqualTo("orders-nightly-2026-11-26");
            assertThat(polled.audit().orElseThrow().productionInstance()).isEqualTo("orders-prod");
        }
    }
}
