package io.restoredrill.lambda.restore;

import io.restoredrill.core.workflow.InstanceStatus;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.domain.NoIndependentBackupException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.adapter.in.lambda.StateDocument;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.workflow.DrillState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;

import java.time.Clock;

import static io.restoredrill.lambda.restore.HandlerEvents.event;
import static io.restoredrill.lambda.restore.HandlerEvents.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreHandlerTest {

    private static final String EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:restore-drill-nightly:2026-11-26T03-00-00Z-orders";
    private MotoRdsAccount account;
    private RestoreWiring wiring;

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
        wiring = RestoreWiring.of(account.rds(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void restoresTheNewestManualSnapshotThenTurnsOnTheSecretThenReportsTheInstanceAvailable() throws Exception {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");

        StateDocument restoredDocument = HandlerEvents.document(new RestoreHandler(wiring.restoreStep()),
                event("restore-rds-snapshot.json"));
        StateDocument enablingDocument = HandlerEvents.document(new StatusHandler(wiring.statusStep()),
                HandlerEvents.json(restoredDocument));
        StateDocument polledDocument = HandlerEvents.document(new StatusHandler(wiring.statusStep()),
                HandlerEvents.json(enablingDocument));
        DrillState restored = restoredDocument.state();
        DrillState enabling = enablingDocument.state();
        DrillState polled = polledDocument.state();

        assertThat(restored.executionId()).isEqualTo(EXECUTION);
        assertThat(restored.backup().orElseThrow().identifier()).isEqualTo("orders-nightly-1");
        assertThat(restored.audit().orElseThrow().deletionProtection()).contains(true);
        assertThat(restored.instance().orElseThrow().id()).isEqualTo(TemporaryInstanceName.of("orders", EXECUTION));
        // restore -> enable-secret -> available: the first poll turns the managed password on.
        assertThat(enabling.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
        assertThat(account.requests().requests("ModifyDBInstance")).hasSize(1);
        assertThat(polled.instance()).hasValueSatisfying(i -> {
            assertThat(i.status()).isEqualTo(InstanceStatus.AVAILABLE);
            assertThat(i.endpoint()).isPresent();
            assertThat(i.secretArn()).isPresent();
        });
        // The drill spec passes through untouched, for the steps after this one.
        assertThat(polledDocument.drill()).isEqualTo(restoredDocument.drill())
                .isEqualTo(StateJson.mapper().readTree(event("restore-rds-snapshot.json")).get("drill"));
    }

    @Test
    void aRetriedInvocationAdoptsTheInstanceOfTheFirst() {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        RestoreHandler handler = new RestoreHandler(wiring.restoreStep());

        DrillState first = invoke(handler, event("restore-rds-snapshot.json"));
        DrillState second = invoke(handler, event("restore-rds-snapshot.json"));

        assertThat(second.instance().orElseThrow().id()).isEqualTo(first.instance().orElseThrow().id());
        assertThat(account.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactlyInAnyOrder("orders-prod", first.instance().orElseThrow().id());
    }

    @Test
    void onlyAutomatedSnapshotsFailTheInvocationUnderTheDomainExceptionsName() {
        account.productionInstance("orders-prod", false);

        assertThatThrownBy(() -> invoke(new RestoreHandler(wiring.restoreStep()), event("restore-rds-snapshot.json")))
                .isExactlyInstanceOf(NoIndependentBackupException.class)
                .hasMessageContaining("allowAutomated");
    }
}
