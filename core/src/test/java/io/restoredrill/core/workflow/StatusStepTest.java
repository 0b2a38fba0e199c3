package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusStepTest {

    private static final String NAME = "restore-drill-orders-0123456789ab";
    private static final Instant EXPIRES = Instant.parse("2026-11-26T09:00:00Z");
    private static final Clock BEFORE_EXPIRY = Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), ZoneOffset.UTC);

    @Test
    void anAvailableInstanceReportsItsEndpointAndManagedSecret() {
        try (MotoRdsAccount account = MotoRdsAccount.create()) {
            account.productionInstance("orders-prod", true);
            account.manualSnapshot("orders-prod", "orders-nightly-1");
            DrillState restored = new RestoreStep(new RdsSnapshotCatalog(account.rds()), new RdsInstanceLauncher(account.rds()),
                    new RdsTemporaryInstances(account.rds()), Clock.systemUTC())
                    .restore(DrillStates.snapshotDrill("orders-prod", account.securityGroupId(), "exec-1"));

            DrillState polled = new StatusStep(new RdsTemporaryInstances(account.rds()), Clock.systemUTC()).status(restored);

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo("available");
                assertThat(i.rdsStatus()).isEqualTo("available");
                assertThat(i.endpoint()).hasValueSatisfying(e -> assertThat(e.host()).isNotBlank());
                assertThat(i.secretArn()).hasValueSatisfying(a -> assertThat(a).startsWith("arn:aws:secretsmanager:"));
            });
            assertThat(polled.backup()).isEqualTo(restored.backup());
            assertThat(polled.audit()).isEqualTo(restored.audit());
        }
    }

    @Test
    void anInstanceThatIsGoneIsFailedWithRdsStatusNotFound() {
        try (MotoRdsAccount account = MotoRdsAccount.create()) {
            DrillState polled = new StatusStep(new RdsTemporaryInstances(account.rds()), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo("failed");
                assertThat(i.rdsStatus()).isEqualTo("not-found");
            });
        }
    }

    @Test
    void anInstanceStillBeingCreatedIsCreatingWithoutAnEndpoint() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "creating", ourTags()));

            DrillState polled = new StatusStep(new RdsTemporaryInstances(stub.client()), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo("creating");
                assertThat(i.rdsStatus()).isEqualTo("creating");
                assertThat(i.endpoint()).isEmpty();
            });
        }
    }

    @Test
    void anInstanceThatCannotBecomeAvailableIsFailed() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "incompatible-restore", ourTags()));

            DrillState polled = new StatusStep(new RdsTemporaryInstances(stub.client()), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo("failed");
                assertThat(i.rdsStatus()).isEqualTo("incompatible-restore");
            });
        }
    }

    @Test
    void anInstanceStillCreatingAfterItsExpiryIsFailed() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "creating", ourTags()));
            Clock afterExpiry = Clock.fixed(EXPIRES.plusSeconds(1), ZoneOffset.UTC);

            DrillState polled = new StatusStep(new RdsTemporaryInstances(stub.client()), afterExpiry).status(known());

            assertThat(polled.instance().orElseThrow().status()).isEqualTo("failed");
        }
    }

    @Test
    void aStateWithoutAnInstanceIsRejected() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            DrillState state = DrillStates.snapshotDrill("orders-prod", "sg-1", "exec-1");

            assertThatThrownBy(() -> new StatusStep(new RdsTemporaryInstances(stub.client()), BEFORE_EXPIRY).status(state))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("runs after the restore step");
        }
    }

    private static DrillState known() {
        return DrillStates.snapshotDrill("orders-prod", "sg-1", "exec-1").withInstance(new DrillState.Instance(NAME,
                "creating", "creating", Optional.empty(), Optional.empty(), Optional.of("drill"), EXPIRES));
    }

    private static Map<String, String> ourTags() {
        return Map.of(DrillTags.TEMPORARY, "true", DrillTags.EXECUTION, "exec-1", DrillTags.EXPIRES_AT, EXPIRES.toString());
    }
}
