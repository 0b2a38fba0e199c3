package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restoredrill.core.testing.MotoServer;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A stand-in for the Step Functions API where moto cannot serve it: moto 5.2.1 has no Map Runs (ListMapRuns,
 * ListExecutions by mapRunArn). WireMock speaks the service's AWS JSON 1.0 protocol as the API Reference describes it
 * (POST /, {@code X-Amz-Target: AWSStepFunctions.<Action>}, a JSON body; timestamps as epoch seconds), answering
 * with the response syntax of each action's page
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html, API_ListExecutions.html,
 * API_DescribeExecution.html, API_GetExecutionHistory.html, API_StartExecution.html). It runs no state machine: a
 * test scripts the answers, round by round, with a WireMock scenario whose state the parent's DescribeExecution
 * advances, so the tests prove what the CLI asks and how it reads the answers, not what AWS does.
 */
final class StepFunctionsStandIn implements AutoCloseable {

    static final String SCENARIO = "night";
    static final String STARTED = Scenario.STARTED;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    StepFunctionsStandIn() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        unknownIsAnError();
    }

    /** The CLI's environment: Step Functions at the stand-in (the SDK reads AWS_ENDPOINT_URL_SFN). */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ENDPOINT_URL_SFN", server.baseUrl());
        environment.put("AWS_ENDPOINT_URL", null);
        environment.put("AWS_REGION", MotoServer.REGION.id());
        environment.put("AWS_ACCESS_KEY_ID", "testing");
        environment.put("AWS_SECRET_ACCESS_KEY", "testing");
        environment.put("AWS_PROFILE", null);
        return environment;
    }

    void reset() {
        server.resetAll();
        unknownIsAnError();
    }

    /** Answers {@code action} with {@code body} whatever the scenario's state, when the request's JSON has these members. */
    void answer(String action, Map<String, String> members, String body) {
        server.stubFor(request(action, members).willReturn(ok(body)));
    }

    /**
     * Answers {@code action} with {@code body} while the scenario is in {@code state}, then moves it to {@code next}
     * (null: stays).
     */
    void answer(String action, Map<String, String> members, String state, String next, String body) {
        ScenarioMappingBuilder mapping = request(action, members).inScenario(SCENARIO).whenScenarioStateIs(state);
        if (next != null) {
            mapping = mapping.willSetStateTo(next);
        }
        server.stubFor(mapping.willReturn(ok(body)));
    }

    /** The JSON bodies of every request of one action, in the order received. */
    List<JsonNode> requests(String action) {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + action)))) {
            try {
                bodies.add(JSON.readTree(request.getBodyAsString()));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    /** The actions received, in order. */
    List<String> actions() {
        return server.getAllServeEvents().reversed().stream()
                .map(e -> e.getRequest().getHeader("X-Amz-Target"))
                .map(t -> t == null ? "?" : t.substring(t.indexOf('.') + 1))
                .toList();
    }

    private static MappingBuilder request(String action, Map<String, String> members) {
        MappingBuilder mapping = post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + action));
        for (Map.Entry<String, String> member : members.entrySet()) {
            mapping = mapping.withRequestBody(matchingJsonPath("$." + member.getKey(), equalTo(member.getValue())));
        }
        return mapping;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    /** What the stand-in was not told to answer fails the call, as an unknown request would on AWS. */
    private void unknownIsAnError() {
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody("{\"__type\": \"com.amazonaws.swf.base.model#ValidationException\","
                        + " \"message\": \"not scripted in the test\"}")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
