package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.aws.DrillFunction;
import io.restoredrill.infra.SynthesizedTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restoredrill.infra.iam.SynthesizedRoles.arn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine's role, evaluated: every call of src/test/resources/iam/state-machine-calls.json (its Tasks'
 * invocations and the Distributed Map's own calls) is allowed, and what it must never do is denied.
 */
class StateMachineCallsTest {

    record Call(String name, AuthorizationRequest request, String why) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The placeholders' values in the synthesized stack. */
    static Map<String, String> values() {
        SynthesizedRoles roles = SynthesizedRoles.get();
        JsonNode template = SynthesizedTemplate.json();
        CloudFormationValues values = new CloudFormationValues(template, SynthesizedRoles.PARTITION,
                SynthesizedRoles.REGION, SynthesizedRoles.ACCOUNT, SynthesizedTemplate.STACK_NAME);
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("Partition", SynthesizedRoles.PARTITION);
        placeholders.put("Region", SynthesizedRoles.REGION);
        placeholders.put("Account", SynthesizedRoles.ACCOUNT);
        placeholders.put("ReportsBucket", roles.reportsBucket);
        template.path("Resources").properties().forEach(entry -> {
            // The night's state machine (the restore-testing one has its own test: RestoreTestingRolesTest).
            if (entry.getValue().path("Type").asText().equals("AWS::StepFunctions::StateMachine")
                    && entry.getKey().contains("DrillStateMachine")) {
                String arn = values.ref(entry.getKey());
                placeholders.put("StateMachineArn", arn);
                placeholders.put("StateMachineName", arn.substring(arn.lastIndexOf(':') + 1));
                entry.getValue().path("Properties").path("DefinitionSubstitutions").properties()
                        .forEach(s -> placeholders.put(s.getKey(), values.resolve(s.getValue()).asText()));
            }
            if (entry.getValue().path("Type").asText().equals("AWS::Lambda::Function") && entry.getValue()
                    .path("Properties").path("Handler").asText().equals(DrillFunction.REAPER.handler())) {
                ObjectMapper json = new ObjectMapper();
                placeholders.put("ReaperFunctionArn", values.resolve(json.createObjectNode()
                        .set("Fn::GetAtt", json.createArrayNode().add(entry.getKey()).add("Arn"))).asText());
            }
        });
        return placeholders;
    }

    static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("${" + value.getKey() + "}", value.getValue());
        }
        if (filled.contains("${")) {
            throw new IllegalArgumentException("unknown placeholder in " + text);
        }
        return filled;
    }

    static Stream<Arguments> calls() {
        Map<String, String> values = values();
        List<Arguments> calls = new ArrayList<>();
        try (InputStream in = StateMachineCallsTest.class.getClassLoader()
                .getResourceAsStream("iam/state-machine-calls.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            int index = 0;
            for (JsonNode call : root.path("calls")) {
                for (JsonNode resource : call.path("resources")) {
                    String action = call.path("action").asText();
                    calls.add(Arguments.of(new Call("calls[" + index + "] " + action + " (" + call.path("why").asText()
                            + ")", AuthorizationRequest.of(action, fill(resource.asText(), values)),
                            call.path("why").asText())));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void everyCallOfTheStateMachineIsAllowedForItsRole(Call call) {
        PolicyEvaluator.Result result = SynthesizedRoles.get().evaluateStateMachine(call.request());

        assertThat(result.allowed()).as("%s: %s", call, result).isTrue();
    }

    static Stream<Arguments> forbidden() {
        Map<String, String> values = values();
        String bucket = values.get("ReportsBucket");
        String name = values.get("StateMachineName");
        return Stream.of(
                Arguments.of("start another state machine", AuthorizationRequest.of("states:StartExecution",
                        arn("states", "stateMachine:someone-elses-workflow"))),
                Arguments.of("start a state machine whose name begins like its own",
                        AuthorizationRequest.of("states:StartExecution", arn("states", "stateMachine:" + name + "-x"))),
                Arguments.of("stop another state machine's execution", AuthorizationRequest.of("states:StopExecution",
                        arn("states", "execution:someone-elses-workflow:night"))),
                Arguments.of("invoke the reaper (no Task of the definition does)",
                        AuthorizationRequest.of("lambda:InvokeFunction", values.get("ReaperFunctionArn"))),
                Arguments.of("invoke a function of another stack", AuthorizationRequest.of("lambda:InvokeFunction",
                        arn("lambda", "function:payments-api"))),
                Arguments.of("overwrite the night's items", AuthorizationRequest.of("s3:PutObject",
                        "arn:aws:s3:::" + bucket + "/runs/nightly-2026-11-26/drills.json")),
                Arguments.of("write a report", AuthorizationRequest.of("s3:PutObject",
                        "arn:aws:s3:::" + bucket + "/reports/orders/latest.json")),
                Arguments.of("write results outside runs/", AuthorizationRequest.of("s3:PutObject",
                        "arn:aws:s3:::" + bucket + "/results/x/SUCCEEDED_0.json")),
                Arguments.of("read a report", AuthorizationRequest.of("s3:GetObject",
                        "arn:aws:s3:::" + bucket + "/reports/orders/latest.json")),
                Arguments.of("delete a result", AuthorizationRequest.of("s3:DeleteObject",
                        "arn:aws:s3:::" + bucket + "/runs/nightly-2026-11-26/results/x/SUCCEEDED_0.json")),
                Arguments.of("touch RDS", AuthorizationRequest.of("rds:DeleteDBInstance",
                        arn("rds", "db:restore-drill-orders-0123456789ab"))));
    }

    @ParameterizedTest(name = "the state machine may not {0}")
    @MethodSource("forbidden")
    void theStateMachineMayNotDoWhatItNeverNeeds(String what, AuthorizationRequest request) {
        PolicyEvaluator.Result result = SynthesizedRoles.get().evaluateStateMachine(request);

        assertThat(result.allowed()).as("the state machine may not %s: %s", what, result).isFalse();
    }
}
