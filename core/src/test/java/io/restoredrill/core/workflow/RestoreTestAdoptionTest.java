package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.in.lambda.RestoreTestingJson;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adopt step of the restore-testing workflow on the documented "Restore Job State Change" event
 * ({@link RestoreTestEvents}) against moto's RDS, where the restored instance exists under the name AWS Backup gave it
 * in the example: what the step reads and sends, and that the instance is never a drill's to delete.
 */
class RestoreTestAdoptionTest {

    private static final String PLAN = "nightly_orders";
    private static final String LOGIN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-AbCdEf";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill-restore-testing:job-1";
    /** Five minutes after the documented job completed. */
    private static final Instant NOW = Instant.parse(RestoreTestEvents.COMPLETED_AT).plus(Duration.ofMinutes(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoRdsAccount account;

    @BeforeEach
    void restoredInstance() {
        account = MotoRdsAccount.create();
        account.productionInstance(RestoreTestEvents.RESTORED, false); // what AWS Backup restored, by its name
        account.requests().clear();
    }

    @AfterEach
    void close() {
        account.close();
    }

    private RestoreTestAdoption step(Instant now) {
        return new RestoreTestAdoption(new RdsTemporaryInstances(account.rds())::find, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static ObjectNode drill() {
        return RestoreTestEvents.drill("orders", PLAN, LOGIN, JSON.createArrayNode());
    }

    private static JsonNode adoptTaskInput(JsonNode event, JsonNode drill) {
        ObjectNode input = JSON.createObjectNode();
        input.set("event", event);
        input.set("drill", drill);
        input.put("executionId", EXECUTION);
        return input;
    }

    private JsonNode adopt(JsonNode event, JsonNode drill, Instant now) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreTestingJson.adopt(new ByteArrayInputStream(JSON.writeValueAsBytes(adoptTaskInput(event, drill))), out,
                step(now));
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void adoptsTheInstanceOfACompletedRestoreTestingJobAsTheStateDocumentsInstance() throws Exception {
        JsonNode document = adopt(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill(), NOW);

        assertThat(document.path("drill")).isEqualTo(drill());
        assertThat(document.path("executionId").asText()).isEqualTo(EXECUTION);
        JsonNode instance = document.path("instance");
        assertThat(instance.path("id").asText()).isEqualTo(RestoreTestEvents.RESTORED);
        assertThat(instance.path("status").asText()).isEqualTo("available");
        assertThat(instance.path("endpoint").path("host").asText()).isNotBlank();
        // Production's managed secret, if the restore has one, is never named: validate logs in with the spec's.
        assertThat(instance.path("secretArn").isNull() || instance.path("secretArn").isMissingNode()).isTrue();
        assertThat(Instant.parse(instance.path("expiresAt").asText()))
                .isEqualTo(Instant.parse(RestoreTestEvents.CREATED_AT).plus(Duration.ofHours(4)));
        DrillState state = StateJson.readDocument(document.toString()).state();
        assertThat(state.drill().valid()).isPresent();
        // Read only: one describe of the restored instance, nothing that changes or deletes.
        assertThat(account.requests().actions()).containsExactly("DescribeDBInstances");
        assertThat(account.requests().requests("DescribeDBInstances")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBInstanceIdentifier", RestoreTestEvents.RESTORED));
    }

    @Test
    void refusesTheDocumentedEventAsItIsBecauseItNamesNoRestoreTestingPlan() {
        assertThatThrownBy(() -> adopt(RestoreTestEvents.documented(), drill(), NOW))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(RestoreTestEvents.RESTORE_JOB_ID)
                .hasMessageContaining("names no restore testing plan");
        assertThat(account.requests().actions()).isEmpty();
    }

    @Test
    void refusesAJobOfAnotherPlanOrProductionInstanceThanTheDrills() {
        assertThatThrownBy(() -> adopt(RestoreTestEvents.ofRestoreTestingPlan("weekly_orders"), drill(), NOW))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("for restore testing plan weekly_orders, but drill orders validates DB instance "
                        + RestoreTestEvents.PRODUCTION + " for plan " + PLAN);
        ObjectNode other = RestoreTestEvents.ofRestoreTestingPlan(PLAN);
        ((ObjectNode) other.path("detail")).put("sourceResourceArn", "arn:aws:rds:us-west-2:1112233445566:db:billing");
        assertThatThrownBy(() -> adopt(other, drill(), NOW)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("restored DB instance billing");
        ObjectNode failed = RestoreTestEvents.ofRestoreTestingPlan(PLAN);
        ((ObjectNode) failed.path("detail")).put("status", "FAILED");
        assertThatThrownBy(() -> adopt(failed, drill(), NOW)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("is FAILED, not COMPLETED");
        // An adopt step built without the restored-cluster port refuses an Aurora job (RestoreTestClusterAdoptionTest
        // has the one that serves it), and any other resource type is refused by name.
        ObjectNode cluster = RestoreTestEvents.ofRestoreTestingPlan(PLAN);
        ((ObjectNode) cluster.path("detail")).put("resourceType", "Aurora");
        assertThatThrownBy(() -> adopt(cluster, drill(), NOW)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("restored an Aurora cluster, which this deployment's adopt function was not"
                        + " built for");
        ObjectNode ebs = RestoreTestEvents.ofRestoreTestingPlan(PLAN);
        ((ObjectNode) ebs.path("detail")).put("resourceType", "EBS");
        assertThatThrownBy(() -> adopt(ebs, drill(), NOW)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("resource of type EBS");
        assertThat(account.requests().actions()).isEmpty();
    }

    @Test
    void refusesToStartWhenTheValidationWindowLeavesLessThanValidationMayTake() {
        Instant late = Instant.parse(RestoreTestEvents.COMPLETED_AT).plus(Duration.ofHours(3)).plusSeconds(1);

        assertThatThrownBy(() -> adopt(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill(), late))
                .isInstanceOf(ValidationWindowClosedException.class)
                .hasMessageContaining("4 h from its completion").hasMessageContaining("60 minutes");
        assertThat(account.requests().actions()).isEmpty();
    }

    @Test
    void anInstanceAlreadyGoneIsATemporaryDatabaseProblem() {
        account.rds().deleteDBInstance(r -> r.dbInstanceIdentifier(RestoreTestEvents.RESTORED).skipFinalSnapshot(true));

        assertThatThrownBy(() -> adopt(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill(), NOW))
                .isInstanceOf(TemporaryDatabaseException.class).hasMessageContaining("does not exist");
    }

    @Test
    void theNightlyRestoreStepRefusesARestoreTestDrillBeforeAnyCall() {
        RestoreStep restore = new RestoreStep(new io.restoredrill.core.adapter.rds.RdsSnapshotCatalog(account.rds()),
                new io.restoredrill.core.adapter.rds.RdsInstanceLauncher(account.rds(), java.util.Optional.empty()),
                new RdsTemporaryInstances(account.rds()), new io.restoredrill.core.adapter.rds.RdsSnapshotCopies(
                account.rds()), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> restore.restore(DrillState.start(StateJson.drill(drill()), EXECUTION)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("restore testing plan " + PLAN)
                .hasMessageContaining("never the nightly drill workflow");
        assertThat(account.requests().actions()).isEmpty();
    }

    @Test
    void theDeletionGuardRefusesTheRestoredInstanceOnEveryPath() {
        TemporaryInstance restored = new RdsTemporaryInstances(account.rds()).find(RestoreTestEvents.RESTORED)
                .orElseThrow();

        // No restore-drill- prefix, no temporary tag, no execution tag: AWS Backup's, never a drill's.
        assertThatThrownBy(() -> DeletionGuard.checkOwnInstance(restored, EXECUTION))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining(RestoreTestEvents.RESTORED);
        assertThatThrownBy(() -> DeletionGuard.checkExpired(restored, NOW.plus(Duration.ofDays(30))))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining(RestoreTestEvents.RESTORED);
    }
}
