package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.domain.RestoreValidationStatus;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import io.restoredrill.core.port.RestoreValidationResults;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict the restore-testing workflow sends AWS Backup, on each path, over an in-memory port. */
class RestoreTestReportTest {

    private static final String JOB = RestoreTestEvents.RESTORE_JOB_ID;

    private record Sent(String job, RestoreValidationStatus status, String message) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final RestoreValidationResults backup = (job, status, message) -> sent.add(new Sent(job, status, message));
    private final RestoreTestReport step = new RestoreTestReport(backup);

    private static DrillState adopted() {
        return DrillState.start(StateJson.drill(RestoreTestEvents.drill("orders", "nightly_orders",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:r-AbCdEf",
                        StateJson.mapper().createArrayNode())), "exec-1")
                .withInstance(new DrillState.Instance(RestoreTestEvents.RESTORED, InstanceStatus.AVAILABLE, "available",
                        Optional.of(new DrillState.Endpoint("db.example", 5432)), Optional.empty(), Optional.empty(),
                        Instant.parse("2020-07-15T07:10:01Z")));
    }

    @Test
    void aPassedValidationIsSuccessfulAndNamesTheReport() {
        DrillState state = adopted().withValidation(new DrillState.Validation("PASSED", Optional.empty(),
                Optional.of("s3://reports/reports/orders/2020/07/15/exec-1.json"), 3, 0, 7, 300_000));

        RestoreTestReport.Verdict verdict = step.report(new RestoreTestReport.Outcome(JOB, Optional.of(state),
                Optional.empty()));

        assertThat(sent).containsExactly(new Sent(JOB, RestoreValidationStatus.SUCCESSFUL, "restore-drill drill orders"
                + " (report s3://reports/reports/orders/2020/07/15/exec-1.json): 3 checks passed, 7 tables read"));
        assertThat(verdict.validationStatus()).isEqualTo(RestoreValidationStatus.SUCCESSFUL);
        assertThat(verdict.instance()).contains(RestoreTestEvents.RESTORED);
        assertThat(verdict.drill()).contains("orders");
    }

    @Test
    void aFailedValidationIsFailedWithItsReason() {
        DrillState state = adopted().withValidation(new DrillState.Validation("FAILED",
                Optional.of("check orders-present failed: value 10000 does not satisfy >= 20000"),
                Optional.of("s3://reports/r.json"), 2, 1, 7, 300_000));

        step.report(new RestoreTestReport.Outcome(JOB, Optional.of(state), Optional.empty()));

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(RestoreValidationStatus.FAILED);
            assertThat(s.message()).endsWith(": check orders-present failed: value 10000 does not satisfy >= 20000");
        });
    }

    @Test
    void aStepThatFailedIsFailedWithItsErrorAndAClosedWindowIsTimedOut() {
        step.report(new RestoreTestReport.Outcome(JOB, Optional.of(adopted()), Optional.of(new DrillState.StepError(
                TemporaryDatabaseException.class.getName(), "cannot list the databases of temporary instance x"))));
        step.report(new RestoreTestReport.Outcome(JOB, Optional.empty(), Optional.of(new DrillState.StepError(
                ValidationWindowClosedException.class.getName(), "the validation window ... ends at ..."))));

        assertThat(sent).extracting(Sent::status)
                .containsExactly(RestoreValidationStatus.FAILED, RestoreValidationStatus.TIMED_OUT);
        assertThat(sent.get(0).message()).isEqualTo("restore-drill drill orders: TemporaryDatabaseException: cannot list"
                + " the databases of temporary instance x");
        assertThat(sent.get(1).message()).startsWith("restore-drill: ValidationWindowClosedException: ");
    }

    @Test
    void aValidationWithoutAVerdictIsNeverSuccessful() {
        step.report(new RestoreTestReport.Outcome(JOB, Optional.of(adopted()), Optional.empty()));

        assertThat(sent).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(RestoreValidationStatus.FAILED));
    }
}
