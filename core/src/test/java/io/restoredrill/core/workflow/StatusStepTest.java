package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

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
    void aRestoredInstanceGetsAManagedSecretAndIsAvailableOnlyOnceTheSecretIsActive() {
        try (MotoRdsAccount account = MotoRdsAccount.create()) {
            account.productionInstance("orders-prod", true);
            account.manualSnapshot("orders-prod", "orders-nightly-1");
            DrillState restored = new RestoreStep(new RdsSnapshotCatalog(account.rds()), new RdsInstanceLauncher(account.rds()),
                    new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()), Clock.systemUTC())
                    .restore(DrillStates.snapshotDrill("orders-prod", account.securityGroupId(), "exec-1"));
            // RDS shows the restored instance available, but it has no managed secret: not usable for the drill yet.
            assertThat(restored.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(restored.instance().orElseThrow().secretArn()).isEmpty();
            StatusStep step = step(account.rds(), Clock.systemUTC());

            DrillState first = step.status(restored);

            String id = TemporaryInstanceName.of("orders", "exec-1");
            assertThat(account.requests().requests("ModifyDBInstance")).singleElement().satisfies(form -> assertThat(form)
                    .containsOnlyKeys("Action", "Version", "DBInstanceIdentifier", "ManageMasterUserPassword",
                            "ApplyImmediately")
                    .containsEntry("DBInstanceIdentifier", id));
            // moto answers SecretStatus "creating" to the modify, as RDS does: still creating, no endpoint yet.
            assertThat(first.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo(InstanceStatus.CREATING);
                assertThat(i.endpoint()).isEmpty();
                assertThat(i.secretArn()).hasValueSatisfying(a -> assertThat(a).startsWith("arn:aws:secretsmanager:"));
            });

            // moto's next describe answers "active".
            DrillState second = step.status(first);

            assertThat(second.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo(InstanceStatus.AVAILABLE);
                assertThat(i.rdsStatus()).isEqualTo("available");
                assertThat(i.endpoint()).hasValueSatisfying(e -> assertThat(e.host()).isNotBlank());
                assertThat(i.secretArn()).isEqualTo(first.instance().orElseThrow().secretArn());
            });
            assertThat(account.requests().requests("ModifyDBInstance")).hasSize(1);
            assertThat(second.backup()).isEqualTo(restored.backup());
            assertThat(second.audit()).isEqualTo(restored.audit());
        }
    }

    @Test
    void refusesToModifyAnInstanceOfAnotherDrillThatHasTheName() {
        try (MotoRdsAccount account = MotoRdsAccount.create()) {
            account.rds().createDBInstance(r -> r.dbInstanceIdentifier(NAME).engine("postgres")
                    .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword("not-a-secret-1")
                    .allocatedStorage(20).tags(
                            Tag.builder().key(DrillTags.TEMPORARY).value("true").build(),
                            Tag.builder().key(DrillTags.DRILL).value("orders-eu").build(),
                            Tag.builder().key(DrillTags.EXECUTION).value("exec-1").build()));
            account.requests().clear();

            assertThatThrownBy(() -> step(account.rds(), BEFORE_EXPIRY).status(known()))
                    .isInstanceOf(InstanceConflictException.class)
                    .hasMessageContaining(NAME).hasMessageContaining(DrillTags.DRILL + "=orders-eu");
            assertThat(account.requests().actions()).containsExactly("DescribeDBInstances");
        }
    }

    @ParameterizedTest
    @CsvSource({"creating,creating", "rotating,creating", "active,available", "impaired,available"})
    void anAvailableInstanceIsAvailableOnlyWithAUsableSecret(String secretStatus, String expected) {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "available", ourTags(), secretStatus));

            DrillState polled = step(stub.client(), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.of(expected));
            assertThat(stub.requests("ModifyDBInstance")).isEmpty();
        }
    }

    @Test
    void doesNotModifyAgainWhenTheStateAlreadyHoldsTheSecretTheFirstModifyMade() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "available", ourTags(), null));
            DrillState afterModify = known().withInstance(new DrillState.Instance(NAME, InstanceStatus.CREATING,
                    "available", Optional.empty(), Optional.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-x"),
                    Optional.of("app"), EXPIRES));

            DrillState polled = step(stub.client(), BEFORE_EXPIRY).status(afterModify);

            assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(stub.requests("ModifyDBInstance")).isEmpty();
        }
    }

    @Test
    void anInstanceThatIsGoneIsFailedWithRdsStatusNotFound() {
        try (MotoRdsAccount account = MotoRdsAccount.create()) {
            DrillState polled = step(account.rds(), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo(InstanceStatus.FAILED);
                assertThat(i.rdsStatus()).isEqualTo("not-found");
            });
        }
    }

    @Test
    void anInstanceStillBeingCreatedIsCreatingWithoutAnEndpoint() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "creating", ourTags(), null));

            DrillState polled = step(stub.client(), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo(InstanceStatus.CREATING);
                assertThat(i.rdsStatus()).isEqualTo("creating");
                assertThat(i.endpoint()).isEmpty();
            });
            // Only an available instance can be modified: nothing is sent before.
            assertThat(stub.requests("ModifyDBInstance")).isEmpty();
        }
    }

    @Test
    void anInstanceThatCannotBecomeAvailableIsFailed() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "incompatible-restore", ourTags()));

            DrillState polled = step(stub.client(), BEFORE_EXPIRY).status(known());

            assertThat(polled.instance()).hasValueSatisfying(i -> {
                assertThat(i.status()).isEqualTo(InstanceStatus.FAILED);
                assertThat(i.rdsStatus()).isEqualTo("incompatible-restore");
            });
        }
    }

    @Test
    void anInstanceStillCreatingAfterItsExpiryIsFailed() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.instance(NAME, RdsQueryApiStub.instance(NAME, "creating", ourTags()));
            Clock afterExpiry = Clock.fixed(EXPIRES.plusSeconds(1), ZoneOffset.UTC);

            DrillState polled = step(stub.client(), afterExpiry).status(known());

            assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.FAILED);
        }
    }

    @Test
    void aStateWithoutAnInstanceIsRejected() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            DrillState state = DrillStates.snapshotDrill("orders-prod", "sg-1", "exec-1");

            assertThatThrownBy(() -> step(stub.client(), BEFORE_EXPIRY).status(state))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("runs after the restore step");
        }
    }

    static StatusStep step(RdsClient rds, Clock clock) {
        return new StatusStep(new RdsTemporaryInstances(rds), new RdsInstanceLauncher(rds), new RdsSnapshotCopies(rds),
                clock);
    }

    private static DrillState known() {
        return DrillStates.snapshotDrill("orders-prod", "sg-1", "exec-1").withInstance(new DrillState.Instance(NAME,
                InstanceStatus.CREATING, "creating", Optional.empty(), Optional.empty(), Optional.of("drill"), EXPIRES));
    }

    private static Map<String, String> ourTags() {
        return Map.of(DrillTags.TEMPORARY, "true", DrillTags.DRILL, "orders", DrillTags.EXECUTION, "exec-1",
                DrillTags.EXPIRES_AT, EXPIRES.toString());
    }
}
