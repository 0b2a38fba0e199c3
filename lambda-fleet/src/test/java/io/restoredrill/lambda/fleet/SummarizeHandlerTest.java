package io.restoredrill.lambda.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restoredrill.lambda.fleet.FleetFixtures.ASSETS;
import static io.restoredrill.lambda.fleet.FleetFixtures.EXECUTION;
import static io.restoredrill.lambda.fleet.FleetFixtures.JSON;
import static io.restoredrill.lambda.fleet.FleetFixtures.REPORTS;
import static io.restoredrill.lambda.fleet.FleetFixtures.event;
import static io.restoredrill.lambda.fleet.FleetFixtures.invoke;
import static io.restoredrill.lambda.fleet.FleetFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

/**
 * The summarize function on moto S3, after a real plan (the plan handler writes the night's items), over Map
 * results written in the documented ResultWriter format ({@link MapResults}).
 */
class SummarizeHandlerTest {

    private static final SentRequests SENT = new SentRequests();
    private static final String SUMMARY_KEY = "runs/" + EXECUTION + "/summary.json";
    /** A cause as Step Functions keeps it for a Lambda error with a Java stack: the runtime's error JSON. */
    private static final String JAVA_CAUSE = "{\"errorMessage\":\"restore failed\",\"errorType\":"
            + "\"io.restoredrill.core.domain.RestoreFailedException\",\"stackTrace\":["
            + "\"io.restoredrill.core.workflow.RestoreStep.restore(RestoreStep.java:87)\",".repeat(60) + "\"x\"]}";
    private static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = FleetFixtures.s3(SENT);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @BeforeEach
    void buckets() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(REPORTS));
        s3.createBucket(r -> r.bucket(ASSETS));
    }

    /** Plans the night with the plan function, as the parent's first state does. */
    private static void plan(List<String> names) {
        FleetFixtures.putDrillList(s3, names.stream().map(FleetFixtures::spec).toList());
        try (RdsQueryApiStub rds = new RdsQueryApiStub()) {
            rds.answer("DescribeAccountAttributes", FleetFixtures.quotas(0, 40));
            PlanHandler plan = new PlanHandler(FleetWiring.plan(FleetConfig.from(Map.of("REPORTS_BUCKET", REPORTS,
                    "AWS_REGION", "us-east-1", "MAX_CONCURRENCY", "40", "DEFAULT_DB_SUBNET_GROUP", "drills")), s3,
                    rds.client()));
            invoke((in, out) -> plan.handleRequest(in, out, null), event("plan-scheduled.json"));
        }
        SENT.clear();
    }

    private static String summarize(String input) {
        SummarizeHandler handler = new SummarizeHandler(FleetWiring.summarize(s3));
        return invoke((in, out) -> handler.handleRequest(in, out, null), input);
    }

    @Test
    void everyDrillGetsItsVerdictInTheSummaryAndTheOutputNamesFailuresAndOrphans() throws Exception {
        plan(List.of("orders", "billing", "crm", "ledger"));
        new MapResults(REPORTS, EXECUTION)
                .succeeded("orders", 0, "PASSED", "all checks passed", false)
                .succeeded("billing", 1, "FAILED", "rows: expected >= 1, got 0", false)
                .failed("crm", 2, "TIMED_OUT", "States.Timeout", JAVA_CAUSE)
                .writeTo(s3);

        JsonNode out = JSON.readTree(summarize(event("summarize-after-map.json")));

        assertThat(out.get("drills").asInt()).isEqualTo(4);
        assertThat(out.get("passed").asInt()).isEqualTo(1);
        assertThat(out.get("failed").asInt()).isEqualTo(3);
        assertThat(out.get("orphaned").asInt()).isEqualTo(2);
        assertThat(out.get("failedDrills")).extracting(JsonNode::asText).containsExactly("billing", "crm", "ledger");
        assertThat(out.get("orphanedInstances")).extracting(JsonNode::asText).allSatisfy(o -> assertThat(o)
                .containsAnyOf("crm: unknown:", "ledger: unknown:"));
        assertThat(out.get("summary")).isEqualTo(JSON.readTree(
                "{\"bucket\": \"drill-reports\", \"key\": \"" + SUMMARY_KEY + "\"}"));
        JsonNode cause = JSON.readTree(out.get("cause").asText());
        assertThat(cause.get("failedDrills")).hasSize(3);
        assertThat(cause.get("summary").asText()).isEqualTo("s3://drill-reports/" + SUMMARY_KEY);

        JsonNode summary = FleetFixtures.get(s3, REPORTS, SUMMARY_KEY);
        assertThat(summary.get("mapRunArn").asText()).isEqualTo(MapResults.MAP_RUN_ARN);
        assertThat(summary.get("verdicts")).extracting(v -> v.get("drill").asText())
                .containsExactly("orders", "billing", "crm", "ledger");
        JsonNode crm = summary.get("verdicts").get(2);
        assertThat(crm.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(crm.get("reason").asText()).startsWith("the drill's child execution ended TIMED_OUT: States.Timeout:");
        assertThat(crm.get("reason").asText()).hasSizeLessThanOrEqualTo(2_000);
        assertThat(crm.get("cleanup").asText()).isEqualTo("unknown: the child execution ended without its cleanup;"
                + " the reaper deletes its instance at expiry");
        assertThat(crm.get("orphaned").asBoolean()).isTrue();
        assertThat(summary.get("verdicts").get(3).get("reason").asText()).startsWith("no result");
    }

    @Test
    void theRequestsSentAreTheOnesTheApiReferenceDocuments() {
        plan(List.of("orders"));
        MapResults results = new MapResults(REPORTS, EXECUTION).succeeded("orders", 0, "PASSED", "ok", false);
        results.writeTo(s3);
        SENT.clear();

        summarize(event("summarize-after-map.json"));

        // GetObject: Bucket and Key required (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html):
        // the items, the manifest, then the result files the manifest lists.
        assertThat(SENT.of(GetObjectRequest.class)).extracting(s -> ((GetObjectRequest) s.request()).bucket() + "/"
                + ((GetObjectRequest) s.request()).key()).containsExactly(
                REPORTS + "/runs/" + EXECUTION + "/drills.json",
                REPORTS + "/" + results.manifestKey(),
                REPORTS + "/runs/" + EXECUTION + "/results/" + MapResults.MAP_RUN + "/SUCCEEDED_0.json");
        // PutObject: Bucket and Key required, Content-Type the object's MIME type
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
        assertThat(SENT.of(PutObjectRequest.class)).singleElement().satisfies(sent -> {
            assertThat(((PutObjectRequest) sent.request()).bucket()).isEqualTo(REPORTS);
            assertThat(((PutObjectRequest) sent.request()).key()).isEqualTo(SUMMARY_KEY);
            assertThat(sent.http().firstMatchingHeader("Content-Type")).contains("application/json");
        });
    }

    @Test
    void fiveHundredFailedDrillsFitTheStatePayloadAndTheFailStatesCause() throws Exception {
        List<String> names = IntStream.range(0, 500).mapToObj(i -> "customer-database-" + i).toList();
        plan(names);
        MapResults results = new MapResults(REPORTS, EXECUTION);
        for (int i = 0; i < 500; i++) {
            if (i % 2 == 0) {
                results.failed(names.get(i), i, "FAILED", "States.TaskFailed", JAVA_CAUSE);
            } else {
                results.succeeded(names.get(i), i, "FAILED", "restore failed: " + JAVA_CAUSE + "; then cleanup failed",
                        true);
            }
        }
        results.writeTo(s3);

        String output = summarize(event("summarize-after-map.json").replace("\"count\": 3", "\"count\": 500"));

        JsonNode out = JSON.readTree(output);
        assertThat(out.get("failed").asInt()).isEqualTo(500);
        assertThat(out.get("orphaned").asInt()).isEqualTo(500);
        // A state's output is at most 262,144 bytes of UTF-8 (API Reference, StateExitedEventDetails, "output":
        // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateExitedEventDetails.html; the
        // Developer Guide's "Step Functions service quotas" gives the same 256 KiB for a task's input or output).
        int bytes = output.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThan(256 * 1024);
        String cause = out.get("cause").asText();
        assertThat(cause.length()).isLessThan(30_000);
        JsonNode parsed = JSON.readTree(cause);
        assertThat(parsed.get("orphanedInstances").size() + parsed.path("orphanedInstancesNotListed").asInt())
                .isEqualTo(500);
        assertThat(parsed.get("failedDrills").size() + parsed.path("failedDrillsNotListed").asInt()).isEqualTo(500);
        assertThat(parsed.get("failedDrills").size()).isGreaterThan(100);
        assertThat(out.get("orphanedInstances")).allSatisfy(o -> assertThat(o.asText()).hasSizeLessThanOrEqualTo(300));
        assertThat(FleetFixtures.get(s3, REPORTS, SUMMARY_KEY).get("verdicts")).hasSize(500);
        System.out.println("MEASURED summarize output for 500 failed drills: " + bytes + " bytes, cause "
                + cause.length() + " characters, listing " + parsed.get("orphanedInstances").size() + " orphans and "
                + parsed.get("failedDrills").size() + " failed drills");
    }

    @Test
    void anInputWithoutTheMapsResultWriterDetailsIsRefused() throws Exception {
        ObjectNode input = (ObjectNode) JSON.readTree(event("summarize-after-map.json"));
        ((ObjectNode) input.get("map")).remove("ResultWriterDetails");

        RuntimeException e = catchRuntimeException(() -> summarize(input.toString()));

        assertThat(e).isExactlyInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("map.ResultWriterDetails");
        assertThat(e.getStackTrace()).isEmpty();
    }
}
