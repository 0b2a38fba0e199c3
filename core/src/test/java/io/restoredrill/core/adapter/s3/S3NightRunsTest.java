package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.domain.DrillVerdict;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.MapRunChild;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A night's documents against moto's S3, with Map results in the format of the Developer Guide's "ResultWriter (Map)"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html), including the entries a
 * summary must survive: an output that is no verdict, an output left out, an input naming no drill.
 */
class S3NightRunsTest {

    private static final String BUCKET = "drill-reports";
    private static final String PREFIX = "runs/n1/results/mr/";
    private static S3Client s3;

    private final S3NightRuns runs = new S3NightRuns(s3);

    @BeforeAll
    static void startClient() {
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @BeforeEach
    void freshBucket() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    private static void put(String key, String body) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    private static String input(String drill) {
        return "\"{\\\"state\\\":{\\\"drill\\\":{\\\"name\\\":\\\"" + drill + "\\\"},\\\"executionId\\\":\\\"arn:x\\\"}}\"";
    }

    private void manifest(String succeeded, String failed) {
        put(PREFIX + "SUCCEEDED_0.json", succeeded);
        put(PREFIX + "FAILED_0.json", failed);
        put(PREFIX + "manifest.json", """
                {"DestinationBucket": "drill-reports", "MapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:x/M:mr",
                 "ResultFiles": {"FAILED": [{"Key": "%sFAILED_0.json", "Size": 1}], "PENDING": [],
                                 "SUCCEEDED": [{"Key": "%sSUCCEEDED_0.json", "Size": 1}]}}""".formatted(PREFIX, PREFIX));
    }

    @Test
    void itemsAreWrittenAsTheJsonArrayTheItemReaderReadsAndReadBackByName() {
        ObjectLocation items = new ObjectLocation(BUCKET, "runs/n1/drills.json");

        runs.storeItems(items, List.of(new PlannedDrill("a", "{\"name\":\"a\"}", Duration.ofMinutes(90)),
                new PlannedDrill("b", "{\"name\":\"b\"}", Duration.ofHours(2))));

        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("runs/n1/drills.json")).asUtf8String())
                .isEqualTo("[{\"drill\":{\"name\":\"a\"},\"limits\":{\"restoreSeconds\":5400}},"
                        + "{\"drill\":{\"name\":\"b\"},\"limits\":{\"restoreSeconds\":7200}}]");
        assertThat(runs.plannedDrills(items)).containsExactly("a", "b");
    }

    @Test
    void readsEveryResultFileTheManifestListsAndEveryKindOfEntry() {
        manifest("""
                [{"ExecutionArn": "arn:c1", "Input": %s, "Status": "SUCCEEDED",
                  "Output": "{\\"drill\\":\\"a\\",\\"verdict\\":\\"PASSED\\",\\"reason\\":\\"ok\\",\\"instance\\":\\"restore-drill-a-1\\",\\"cleanup\\":\\"deleted\\",\\"orphaned\\":false}",
                  "OutputDetails": {"Included": true}},
                 {"ExecutionArn": "arn:c2", "Input": %s, "Status": "SUCCEEDED", "Output": "{\\"drill\\":\\"b\\",\\"verdict\\":\\"MAYBE\\"}"},
                 {"ExecutionArn": "arn:c3", "Input": %s, "Status": "SUCCEEDED", "OutputDetails": {"Included": false}}]
                """.formatted(input("a"), input("b"), input("c")), """
                [{"ExecutionArn": "arn:c4", "Input": %s, "Status": "TIMED_OUT", "Error": "States.Timeout", "Cause": "late"},
                 {"ExecutionArn": "arn:c5", "Input": "not json", "Status": "ABORTED"}]
                """.formatted(input("d")));

        List<MapRunChild> children = runs.children(new ObjectLocation(BUCKET, PREFIX + "manifest.json"));

        assertThat(children).hasSize(5);
        assertThat(children.get(0).verdict()).contains(new DrillVerdict("a", Verdict.PASSED, "ok",
                Optional.of("restore-drill-a-1"), "deleted", false));
        assertThat(children.get(0).executionId()).contains("arn:x");
        assertThat(children.get(1).verdict()).isEmpty();
        assertThat(children.get(1).problem()).hasValueSatisfying(p -> assertThat(p).contains("MAYBE").contains("arn:c2"));
        assertThat(children.get(2).problem()).hasValueSatisfying(p -> assertThat(p).contains("not included"));
        assertThat(children.get(3).status()).isEqualTo("TIMED_OUT");
        assertThat(children.get(3).error()).contains("States.Timeout");
        assertThat(children.get(3).cause()).contains("late");
        assertThat(children.get(4).drill()).isEmpty();
    }

    @Test
    void aMissingManifestIsNamed() {
        assertThatThrownBy(() -> runs.children(new ObjectLocation(BUCKET, PREFIX + "manifest.json")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("s3://drill-reports/" + PREFIX + "manifest.json").hasMessageContaining("does not exist");
    }

    @Test
    void aDocumentThatIsNotAManifestIsRefused() {
        put(PREFIX + "manifest.json", "{\"hello\": 1}");

        assertThatThrownBy(() -> runs.children(new ObjectLocation(BUCKET, PREFIX + "manifest.json")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("ResultFiles");
    }
}
