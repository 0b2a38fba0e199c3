package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.workflow.RestoreTestEvents;
import io.restoredrill.infra.SynthesizedTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesized EventBridge rule of the test stack's restore-test drill (drills.yaml: orders-restore-test, plan
 * nightly_orders, orders-prod), put into moto's EventBridge as CloudFormation would create it (pattern and input
 * transformer resolved for the test account), fed the documented "Restore Job State Change" event of a completed
 * restore ({@link RestoreTestEvents}), its ARNs in the stack's account and region, as a restore job of that account
 * sends them. moto matches the pattern and applies the input transformer (its target is a log group here: moto cannot
 * start a Step Functions execution with Lambda tasks, and the input is what the test reads).
 */
class RestoreTestingRuleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG_GROUP = "/restore-drill/restore-testing-input";
    private static EventBridgeClient events;
    private static JsonNode rule;
    private static JsonNode clusterRule;
    private static CloudFormationValues values;

    @BeforeAll
    static void synthesized() {
        JsonNode template = SynthesizedTemplate.json();
        values = new CloudFormationValues(template, SynthesizedRoles.PARTITION, SynthesizedRoles.REGION,
                SynthesizedRoles.ACCOUNT, SynthesizedTemplate.STACK_NAME);
        java.util.Map<String, JsonNode> rules = new java.util.TreeMap<>();
        template.path("Resources").properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals("AWS::Events::Rule")
                    && entry.getKey().startsWith("RestoreTestCompleted")) {
                rules.put(entry.getKey(), entry.getValue().path("Properties"));
            }
        });
        assertThat(rules).as("one rule per restore-test drill").hasSize(2);
        rule = rules.entrySet().stream().filter(e -> e.getKey().startsWith("RestoreTestCompletedordersrestoretest"))
                .findFirst().orElseThrow().getValue();
        clusterRule = rules.entrySet().stream()
                .filter(e -> e.getKey().startsWith("RestoreTestCompletedordersaurorarestoretest"))
                .findFirst().orElseThrow().getValue();
        events = MotoServer.configure(EventBridgeClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @BeforeEach
    void ruleInMoto() {
        MotoServer.reset();
        logs("CreateLogGroup", "{\"logGroupName\": \"" + LOG_GROUP + "\"}");
        events.putRule(r -> r.name("restore-test").eventPattern(values.resolve(rule.path("EventPattern")).toString()));
        events.putTargets(r -> r.rule("restore-test").targets(t -> t.id("workflow")
                .arn("arn:aws:logs:" + SynthesizedRoles.REGION + ":" + SynthesizedRoles.ACCOUNT + ":log-group:" + LOG_GROUP)
                .inputTransformer(i -> i.inputTemplate(rule.at("/Targets/0/InputTransformer/InputTemplate").asText()))));
        events.putRule(r -> r.name("restore-test-aurora")
                .eventPattern(values.resolve(clusterRule.path("EventPattern")).toString()));
        events.putTargets(r -> r.rule("restore-test-aurora").targets(t -> t.id("workflow")
                .arn("arn:aws:logs:" + SynthesizedRoles.REGION + ":" + SynthesizedRoles.ACCOUNT + ":log-group:" + LOG_GROUP)
                .inputTransformer(i -> i.inputTemplate(
                        clusterRule.at("/Targets/0/InputTransformer/InputTemplate").asText()))));
    }

    /**
     * The documented event adapted to an Aurora restore testing job of orders-aurora (resourceType Aurora, cluster
     * ARNs: RestoreTestEvents.ofAuroraClusterRestoreTest) matches the cluster drill's rule only; the same job of another
     * cluster, or typed RDS, matches none.
     */
    @Test
    void anAuroraJobOfTheDrillsClusterStartsTheClusterDrillOnly() {
        String prefix = "arn:aws:rds:" + SynthesizedRoles.REGION + ":" + SynthesizedRoles.ACCOUNT + ":";
        assertThat(values.resolve(clusterRule.path("EventPattern")).path("detail").path("resourceType").get(0).asText())
                .isEqualTo("Aurora");

        put(auroraJob(prefix, "orders-aurora", "Aurora"));
        put(auroraJob(prefix, "billing-aurora", "Aurora"));
        put(auroraJob(prefix, "orders-aurora", "RDS"));

        assertThat(inputs()).singleElement().satisfies(input -> {
            assertThat(input.path("drill").path("name").asText()).isEqualTo("orders-aurora-restore-test");
            assertThat(input.path("event").path("detail").path("sourceResourceArn").asText())
                    .isEqualTo(prefix + "cluster:orders-aurora");
        });
    }

    private static ObjectNode auroraJob(String prefix, String cluster, String resourceType) {
        ObjectNode event = inTheStacksAccount(RestoreTestEvents.ofAuroraClusterRestoreTest("nightly_orders", prefix));
        ((ObjectNode) event.path("detail")).put("sourceResourceArn", prefix + "cluster:" + cluster);
        ((ObjectNode) event.path("detail")).put("resourceType", resourceType);
        return event;
    }

    @Test
    void theRuleMatchesACompletedRestoreTestingJobOfTheDrillsPlanAndInstanceOnly() {
        assertThat(values.resolve(rule.path("EventPattern")).path("detail").path("restoreTestingPlanArn").get(0)
                .path("prefix").asText()).isEqualTo("arn:aws:backup:us-east-1:123456789012:restore-testing-plan:nightly_orders-");
        assertThat(rule.at("/Targets/0/Arn/Ref").asText()).startsWith("RestoreTestingStateMachine");

        put(inTheStacksAccount(RestoreTestEvents.ofRestoreTestingPlan("nightly_orders")));

        assertThat(inputs()).singleElement().satisfies(input -> {
            assertThat(input.path("event").path("detail").path("restoreJobId").asText())
                    .isEqualTo(RestoreTestEvents.RESTORE_JOB_ID);
            assertThat(input.path("event").path("detail-type").asText()).isEqualTo("Restore Job State Change");
            assertThat(input.path("drill").path("name").asText()).isEqualTo("orders-restore-test");
            assertThat(input.path("drill").path("login").path("secretArn").asText())
                    .endsWith(":secret:restore-drill/orders-reader-AbCdEf");
        });
    }

    @Test
    void theDocumentedEventAsItIsAnotherPlanOrAnotherInstanceStartsNothing() {
        ObjectNode verbatim = inTheStacksAccount(RestoreTestEvents.documented()); // no restoreTestingPlanArn
        ObjectNode otherPlan = inTheStacksAccount(RestoreTestEvents.ofRestoreTestingPlan("nightly_orders_2"));
        ObjectNode otherInstance = inTheStacksAccount(RestoreTestEvents.ofRestoreTestingPlan("nightly_orders"));
        ((ObjectNode) otherInstance.path("detail")).put("sourceResourceArn",
                "arn:aws:rds:us-east-1:123456789012:db:billing-prod");
        ObjectNode running = inTheStacksAccount(RestoreTestEvents.ofRestoreTestingPlan("nightly_orders"));
        ((ObjectNode) running.path("detail")).put("status", "RUNNING");

        for (ObjectNode event : List.of(verbatim, otherPlan, otherInstance, running)) {
            put(event);
        }

        assertThat(inputs()).isEmpty();
    }

    /** The documented event as the stack's account (us-east-1, 123456789012) sends it for orders-prod. */
    private static ObjectNode inTheStacksAccount(ObjectNode event) {
        String text = event.toString().replace("us-west-2", SynthesizedRoles.REGION)
                .replace("1112233445566", SynthesizedRoles.ACCOUNT)
                .replace(":db:" + RestoreTestEvents.PRODUCTION, ":db:orders-prod");
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode event) {
        List<String> resources = new ArrayList<>();
        event.path("resources").forEach(r -> resources.add(r.asText()));
        var answer = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source(event.path("source").asText())
                .detailType(event.path("detail-type").asText()).detail(event.path("detail").toString())
                .resources(resources).build()));
        assertThat(answer.failedEntryCount()).isZero();
    }

    /** What the rule's target received: each log event's message is one transformed input. */
    private static List<JsonNode> inputs() {
        JsonNode answer = logs("FilterLogEvents", "{\"logGroupName\": \"" + LOG_GROUP + "\"}");
        List<JsonNode> inputs = new ArrayList<>();
        for (JsonNode logEvent : answer.path("events")) {
            try {
                inputs.add(JSON.readTree(logEvent.path("message").asText()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return inputs;
    }

    /** CloudWatch Logs' JSON API on moto (the SDK's logs module is not in this build). */
    private static JsonNode logs(String action, String body) {
        try {
            HttpURLConnection c = (HttpURLConnection) MotoServer.endpoint().resolve("/").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
            c.setRequestProperty("X-Amz-Target", "Logs_20140328." + action);
            c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261201/"
                    + SynthesizedRoles.REGION + "/logs/aws4_request, SignedHeaders=host, Signature=0");
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            assertThat(c.getResponseCode()).as("moto logs " + action).isLessThan(300);
            try (var in = c.getInputStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
