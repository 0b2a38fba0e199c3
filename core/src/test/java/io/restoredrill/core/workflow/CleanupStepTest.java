package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static io.restoredrill.core.workflow.DrillInstancesFixture.EXECUTION;
import static io.restoredrill.core.workflow.DrillInstancesFixture.OTHER_EXECUTION;
import static io.restoredrill.core.workflow.DrillInstancesFixture.OWN_INSTANCE;
import static io.restoredrill.core.workflow.DrillInstancesFixture.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cleanup against the moto RDS emulator: it deletes the drill's own instance and refuses everything else. */
class CleanupStepTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(6 * 3600);

    private DrillInstancesFixture rds;
    private CleanupStep step;

    @BeforeEach
    void startFromAnEmptyAccount() {
        rds = new DrillInstancesFixture();
        step = new CleanupStep(rds.instances(), rds.copies(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        rds.close();
    }

    @Test
    void deletesTheDrillsOwnTaggedInstance() {
        rds.createDrillInstance(OWN_INSTANCE, EXECUTION, EXPIRES);

        DrillState after = step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE));

        assertThat(after.cleanup()).contains(new DrillState.Cleanup(CleanupResult.DELETED, Optional.of(OWN_INSTANCE), NOW));
        assertThat(after.instance().orElseThrow().status()).isEqualTo(InstanceStatus.DELETED);
        assertThat(rds.exists(OWN_INSTANCE)).isFalse();
        assertThat(rds.operationsSent()).containsExactly("DescribeDBInstances", "DeleteDBInstance");
    }

    @Test
    void refusesTheProductionInstanceBeforeAnyAwsCallAndLeavesItIntact() {
        // Deletion protection off: only restore-drill's own guard stands between this step and the incident.
        rds.create(PRODUCTION, Map.of("team", "orders"), false);

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.stateWithInstance(PRODUCTION)))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining(PRODUCTION)
                .hasMessageContaining("does not start with \"restore-drill-\"")
                .hasMessageContaining("nothing was deleted");

        assertThat(rds.operationsSent()).isEmpty();
        assertThat(rds.status(PRODUCTION)).contains("available");
    }

    @Test
    void refusesTheProductionInstanceEvenWhenItCarriesTheTemporaryTag() {
        rds.create(PRODUCTION, DrillInstancesFixture.drillTags(EXECUTION, EXPIRES.toString()), true);

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.stateWithInstance(PRODUCTION)))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining(PRODUCTION);

        assertThat(rds.operationsSent()).isEmpty();
        assertThat(rds.status(PRODUCTION)).contains("available");
    }

    @Test
    void refusesAnInstanceWithThePrefixButWithoutTheTemporaryTagAndLeavesItIntact() {
        Map<String, String> tags = DrillInstancesFixture.drillTags(EXECUTION, EXPIRES.toString());
        tags.remove(DrillTags.TEMPORARY);
        rds.create(OWN_INSTANCE, tags, false);

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE)))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining(OWN_INSTANCE)
                .hasMessageContaining("not tagged restore-drill:temporary=true")
                .hasMessageContaining("nothing was deleted");

        assertThat(rds.operationsSent()).doesNotContain("DeleteDBInstance");
        assertThat(rds.status(OWN_INSTANCE)).contains("available");
    }

    @Test
    void refusesAnInstanceTaggedTemporaryFalse() {
        Map<String, String> tags = DrillInstancesFixture.drillTags(EXECUTION, EXPIRES.toString());
        tags.put(DrillTags.TEMPORARY, "false");
        rds.create(OWN_INSTANCE, tags, false);

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE)))
                .isInstanceOf(UnsafeDeletionException.class);

        assertThat(rds.status(OWN_INSTANCE)).contains("available");
    }

    @Test
    void refusesTheInstanceOfAnotherExecutionAndLeavesItIntact() {
        String others = TemporaryInstanceName.of("orders", OTHER_EXECUTION);
        rds.createDrillInstance(others, OTHER_EXECUTION, EXPIRES);

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.stateWithInstance(others)))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining(others)
                .hasMessageContaining(OTHER_EXECUTION)
                .hasMessageContaining("nothing was deleted");

        assertThat(rds.operationsSent()).doesNotContain("DeleteDBInstance");
        assertThat(rds.status(others)).contains("available");
    }

    @Test
    void reportsAlreadyGoneWhenTheInstanceNoLongerExists() {
        DrillState after = step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE));

        assertThat(after.cleanup()).contains(new DrillState.Cleanup(CleanupResult.ALREADY_GONE, Optional.of(OWN_INSTANCE), NOW));
        assertThat(rds.operationsSent()).containsExactly("DescribeDBInstances");
    }

    @Test
    void secondCleanupOfTheSameStateSucceedsToo() {
        rds.createDrillInstance(OWN_INSTANCE, EXECUTION, EXPIRES);
        DrillState state = DrillInstancesFixture.stateWithInstance(OWN_INSTANCE);

        step.cleanup(state);
        DrillState retried = step.cleanup(state);

        assertThat(retried.cleanup().orElseThrow().result()).isIn(CleanupResult.ALREADY_GONE, CleanupResult.DELETING);
    }

    @Test
    void deletesTheInstanceUnderItsDeterministicNameWhenTheStateNeverLearntOfIt() {
        // The restore timed out after RDS accepted the create: the Catch sends a state without $.instance.
        rds.createDrillInstance(OWN_INSTANCE, EXECUTION, EXPIRES);
        DrillState failed = new DrillState(DrillInstancesFixture.spec(), EXECUTION, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new DrillState.StepError("io.restoredrill.core.domain.RestoreFailedException", "timeout")));

        DrillState after = step.cleanup(failed);

        assertThat(after.cleanup()).contains(new DrillState.Cleanup(CleanupResult.DELETED, Optional.of(OWN_INSTANCE), NOW));
        assertThat(after.error()).isEqualTo(failed.error());
        assertThat(rds.exists(OWN_INSTANCE)).isFalse();
    }

    @Test
    void refusesAnInstanceUnderTheDeterministicNameThatIsNotTaggedTemporary() {
        rds.create(OWN_INSTANCE, Map.of(DrillTags.EXECUTION, EXECUTION), false);

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.startState()))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining(OWN_INSTANCE);

        assertThat(rds.status(OWN_INSTANCE)).contains("available");
    }

    @Test
    void reportsNothingToDeleteWhenTheRestoreFailedBeforeCreatingAnything() {
        rds.create(PRODUCTION, Map.of(), true);

        DrillState after = step.cleanup(DrillInstancesFixture.startState());

        assertThat(after.cleanup()).contains(new DrillState.Cleanup(CleanupResult.NOTHING_TO_DELETE, Optional.empty(), NOW));
        assertThat(rds.operationsSent()).containsExactly("DescribeDBInstances");
        assertThat(rds.status(PRODUCTION)).contains("available");
    }

    @Test
    void reportsNothingToDeleteWithoutAnyAwsCallWhenTheDrillSpecIsInvalid() {
        DrillState invalid = DrillState.start(StateJson.drill(StateJson.mapper().createObjectNode().put("name", "orders")), EXECUTION);

        DrillState after = step.cleanup(invalid);

        assertThat(after.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.NOTHING_TO_DELETE);
        assertThat(rds.operationsSent()).isEmpty();
    }
}
