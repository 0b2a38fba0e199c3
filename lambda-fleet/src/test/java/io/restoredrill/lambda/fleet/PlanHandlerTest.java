package io.restoredrill.lambda.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.NoCapacityException;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import static io.restoredrill.lambda.fleet.FleetFixtures.LIST_KEY;
import static io.restoredrill.lambda.fleet.FleetFixtures.REPORTS;
import static io.restoredrill.lambda.fleet.FleetFixtures.event;
import static io.restoredrill.lambda.fleet.FleetFixtures.invoke;
import static io.restoredrill.lambda.fleet.FleetFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchRuntimeException;

/**
 * The plan function wired as in Lambda but for the endpoints: moto for S3, a stand-in for RDS's
 * DescribeAccountAttributes (moto 5.2.1 does not serve it) answering the documented response. Every AWS call the
 * handler makes is checked against the call manifest by core's AwsCallRecorder (a call it does not list fails the
 * test), and the requests sent are asserted against their API Reference pages.
 */
class PlanHandlerTest {

    private static final SentRequests SENT = new SentRequests();
    private static S3Client s3;
    private RdsQueryApiStub rds;

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
        rds = new RdsQueryApiStub();
        rds.answer("DescribeAccountAttributes", FleetFixtures.quotas(22, 40));
        SENT.clear();
    }

    @AfterEach
    void stopStub() {
        rds.close();
    }

    private PlanHandler handler(Map<String, String> extraEnv) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("REPORTS_BUCKET", REPORTS, "AWS_REGION", "us-east-1",
                "MAX_CONCURRENCY", "40", "DEFAULT_DB_SUBNET_GROUP", "restoredrill-drillsubnets"));
        env.putAll(extraEnv);
        return new PlanHandler(FleetWiring.plan(FleetConfig.from(env), s3, rds.client()));
    }

    private static String run(PlanHandler handler, String input) {
        return invoke((in, out) -> handler.handleRequest(in, out, null), input);
    }

    @Test
    void theScheduledNightPlansTheNamedListAndWritesItsItemsWhereTheMapReadsThem() throws Exception {
        FleetFixtures.putDrillList(s3, List.of(spec("orders"), spec("billing").replace("\"checks\"",
                "\"restoreTimeout\": \"3h\", \"checks\"")));
        SENT.clear();

        JsonNode plan = JSON.readTree(run(handler(Map.of()), event("plan-scheduled.json")));

        assertThat(plan).isEqualTo(JSON.readTree("""
                {"items": {"bucket": "drill-reports", "key": "runs/nightly-2026-12-01/drills.json"}, "count": 2,
                 "concurrency": 2, "configuredConcurrency": 40,
                 "capacity": {"instanceQuota": 40, "instancesInUse": 22, "storageQuotaGib": 100000,
                              "storageInUseGib": 3500, "note": null},
                 "results": {"bucket": "drill-reports", "prefix": "runs/nightly-2026-12-01/results"},
                 "summary": {"bucket": "drill-reports", "key": "runs/nightly-2026-12-01/summary.json"}}"""));
        JsonNode items = FleetFixtures.get(s3, REPORTS, "runs/" + EXECUTION + "/drills.json");
        // InputType JSON: the Distributed Map iterates over a JSON array in the object (Developer Guide, "ItemReader
        // (Map)": https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html).
        assertThat(items.isArray()).as("the ItemReader reads a JSON array").isTrue();
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("drill")).isEqualTo(JSON.readTree(spec("orders").replace("\"db.t4g.medium\"",
                "\"db.t4g.medium\", \"dbSubnetGroupName\": \"restoredrill-drillsubnets\"")));
        assertThat(items.get(0).get("limits")).isEqualTo(JSON.readTree("{\"restoreSeconds\": 7200}"));
        assertThat(items.get(1).get("limits")).isEqualTo(JSON.readTree("{\"restoreSeconds\": 10800}"));
    }

    @Test
    void anAlarmTestPlansTheOneDrillThatFailsOnPurposeAndReadsNoListAndNoQuota() throws Exception {
        SENT.clear();

        JsonNode plan = JSON.readTree(run(handler(Map.of()), """
                {"alarmTest": true, "execution": {"id": "arn:aws:states:us-east-1:123456789012:execution:drill:at-1",
                 "name": "at-1"}}"""));

        assertThat(SENT.of(GetObjectRequest.class)).as("no drill list read").isEmpty();
        assertThat(plan.path("count").asInt()).isEqualTo(1);
        assertThat(plan.path("capacity").path("note").asText()).startsWith("an alarm test");
        JsonNode items = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("drill-reports").key("runs/at-1/drills.json"))
                .asUtf8String());
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.path("drill").path("name").asText()).isEqualTo("alarm-test");
            assertThat(item.path("drill").path("alarmTest").asBoolean()).isTrue();
        });
        assertThatThrownBy(() -> run(handler(Map.of()), "{\"alarmTest\": \"yes\", \"execution\": {\"name\": \"at-2\"}}"))
                .hasMessageContaining("\"alarmTest\" must be true or false");
    }

    @Test
    void theRequestsSentAreTheOnesTheApiReferenceDocuments() {
        FleetFixtures.putDrillList(s3, List.of(spec("orders")));
        SENT.clear();

        run(handler(Map.of()), event("plan-scheduled.json"));

        // GetObject: Bucket and Key are required, URI GET /{Key+} on the bucket
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
        assertThat(SENT.of(GetObjectRequest.class)).singleElement().satisfies(sent -> {
            GetObjectRequest get = (GetObjectRequest) sent.request();
            assertThat(get.bucket()).isEqualTo(ASSETS);
            assertThat(get.key()).isEqualTo(LIST_KEY);
            assertThat(sent.http().method().name()).isEqualTo("GET");
            assertThat(sent.http().encodedPath()).isEqualTo("/" + ASSETS + "/" + LIST_KEY);
        });
        // PutObject: Bucket and Key are required; Content-Type is the object's standard MIME type
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html). Keys are at most 1,024 bytes of
        // UTF-8 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
        assertThat(SENT.of(PutObjectRequest.class)).singleElement().satisfies(sent -> {
            PutObjectRequest put = (PutObjectRequest) sent.request();
            assertThat(put.bucket()).isEqualTo(REPORTS);
            assertThat(put.key()).isEqualTo("runs/nightly-2026-12-01/drills.json");
            assertThat(put.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1_024);
            assertThat(sent.http().method().name()).isEqualTo("PUT");
            assertThat(sent.http().firstMatchingHeader("Content-Type")).contains("application/json");
        });
        // DescribeAccountAttributes takes no request parameters: Action and Version only
        // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeAccountAttributes.html).
        assertThat(rds.requests("DescribeAccountAttributes")).singleElement()
                .satisfies(form -> assertThat(form).containsOnlyKeys("Action", "Version"));
    }

    @Test
    void withoutAListInTheInputTheDeployedListIsReadAndOnlyKeepsTheNamedDrills() throws Exception {
        FleetFixtures.putDrillList(s3, List.of(spec("a"), spec("b"), spec("c")));
        PlanHandler handler = handler(Map.of("DRILL_LIST_BUCKET", ASSETS, "DRILL_LIST_KEY", LIST_KEY));

        JsonNode plan = JSON.readTree(run(handler, """
                {"only": ["c", "a"], "execution": {"id": "arn:aws:states:us-east-1:123456789012:execution:rd:manual-1",
                                                   "name": "manual-1"}}"""));

        assertThat(plan.get("count").asInt()).isEqualTo(2);
        JsonNode items = FleetFixtures.get(s3, REPORTS, "runs/manual-1/drills.json");
        assertThat(items).extracting(item -> item.get("drill").get("name").asText()).containsExactly("a", "c");
    }

    @Test
    void drillsGivenInlineAreValidatedAndPlanned() throws Exception {
        JsonNode plan = JSON.readTree(run(handler(Map.of()), """
                {"drills": [%s], "execution": {"name": "manual-2"}}""".formatted(spec("inline"))));

        assertThat(plan.get("count").asInt()).isEqualTo(1);
        assertThat(FleetFixtures.get(s3, REPORTS, "runs/manual-2/drills.json").get(0).get("drill").get("name")
                .asText()).isEqualTo("inline");
    }

    @Test
    void anUnknownNameInOnlyFailsWithASmallErrorAndWritesNothing() {
        FleetFixtures.putDrillList(s3, List.of(spec("a")));
        PlanHandler handler = handler(Map.of("DRILL_LIST_BUCKET", ASSETS, "DRILL_LIST_KEY", LIST_KEY));

        RuntimeException e = catchRuntimeException(() -> run(handler,
                "{\"only\": [\"nope\"], \"execution\": {\"name\": \"manual-3\"}}"));

        assertThat(e).isExactlyInstanceOf(InvalidConfigurationException.class).hasMessageContaining("nope");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(FleetFixtures.keys(s3, REPORTS, "runs/")).isEmpty();
    }

    @Test
    void aMissingDrillListIsNamed() {
        RuntimeException e = catchRuntimeException(() -> run(handler(Map.of()), event("plan-scheduled.json")));

        assertThat(e).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("s3://" + ASSETS + "/" + LIST_KEY).hasMessageContaining("does not exist");
    }

    @Test
    void aUsedUpInstanceQuotaFailsThePlanWithNoCapacity() {
        FleetFixtures.putDrillList(s3, List.of(spec("a")));
        rds.answer("DescribeAccountAttributes", FleetFixtures.quotas(40, 40));

        RuntimeException e = catchRuntimeException(() -> run(handler(Map.of()), event("plan-scheduled.json")));

        assertThat(e).isExactlyInstanceOf(NoCapacityException.class)
                .hasMessageStartingWith("the RDS quota of 40 DB instances is used up");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(FleetFixtures.keys(s3, REPORTS, "runs/")).isEmpty();
    }

    @Test
    void fiveHundredDrillsQueueAtWhatTheQuotaLeavesAndThePlanStaysSmall() throws Exception {
        FleetFixtures.putDrillList(s3, IntStream.range(0, 500).mapToObj(i -> spec("drill-" + i)).toList());

        String output = run(handler(Map.of()), event("plan-scheduled.json"));

        JsonNode plan = JSON.readTree(output);
        assertThat(plan.get("count").asInt()).isEqualTo(500);
        assertThat(plan.get("concurrency").asInt()).isEqualTo(18);
        assertThat(plan.get("capacity").get("note").asText())
                .isEqualTo("the RDS quota leaves 18 DB instances (22 of 40 in use): drills queue 18 at a time instead"
                        + " of 40");
        assertThat(output.length()).as("the plan does not grow with the fleet").isLessThan(1_000);
        assertThat(FleetFixtures.get(s3, REPORTS, "runs/" + EXECUTION + "/drills.json")).hasSize(500);
        System.out.println("MEASURED plan output for 500 drills: " + output.length() + " characters");
    }
}
