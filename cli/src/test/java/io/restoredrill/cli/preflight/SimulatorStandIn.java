package io.restoredrill.cli.preflight;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A stand-in for iam:SimulatePrincipalPolicy, which moto 5.2.1 does not serve: WireMock answering the Query API with
 * the response shape the API Reference documents
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html, Response Elements and the
 * example response; EvaluationResult and ResourceSpecificResult: .../API_EvaluationResult.html,
 * .../API_ResourceSpecificResult.html). It is not an evaluator: every question is {@code allowed} unless a test
 * {@link #decide}s otherwise for an action, so the tests prove what the preflight asks and how it reads the answer,
 * never what AWS would decide. Each question's parameters stay in WireMock's request journal.
 */
public final class SimulatorStandIn implements AutoCloseable {

    private final Map<String, String> decisions = new ConcurrentHashMap<>();
    private final WireMockServer server;

    public SimulatorStandIn() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(new Answer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** From now on, {@code action} is answered with {@code decision} (allowed, explicitDeny, implicitDeny). */
    public void decide(String action, String decision) {
        decisions.put(action, decision);
    }

    public WireMockServer server() {
        return server;
    }

    /** The form parameters of every request received, in order. */
    public List<Map<String, String>> questions() {
        List<Map<String, String>> questions = new ArrayList<>();
        for (LoggedRequest request : server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))) {
            questions.add(form(request.getBodyAsString()));
        }
        return questions;
    }

    public static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    /** The documented XML for one action over its resources, each with {@code decision}. */
    public static String response(String action, List<String> resources, String decision, String marker) {
        StringBuilder perResource = new StringBuilder();
        for (String resource : resources) {
            perResource.append("""
                    <member>
                      <EvalResourceName>%s</EvalResourceName>
                      <EvalResourceDecision>%s</EvalResourceDecision>
                      <MatchedStatements>%s</MatchedStatements>
                      <MissingContextValues/>
                    </member>
                    """.formatted(xml(resource), decision, statement(decision)));
        }
        return """
                <SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <SimulatePrincipalPolicyResult>
                    <IsTruncated>%s</IsTruncated>
                    %s
                    <EvaluationResults>
                      <member>
                        <EvalActionName>%s</EvalActionName>
                        <EvalResourceName>%s</EvalResourceName>
                        <EvalDecision>%s</EvalDecision>
                        <MatchedStatements>%s</MatchedStatements>
                        <MissingContextValues/>
                        <ResourceSpecificResults>%s</ResourceSpecificResults>
                      </member>
                    </EvaluationResults>
                  </SimulatePrincipalPolicyResult>
                  <ResponseMetadata><RequestId>6b1e4b42-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
                </SimulatePrincipalPolicyResponse>
                """.formatted(marker != null, marker == null ? "" : "<Marker>" + xml(marker) + "</Marker>", xml(action),
                xml(resources.isEmpty() ? "*" : resources.get(0)), decision, statement(decision), perResource);
    }

    private static String statement(String decision) {
        if ("implicitDeny".equals(decision)) {
            return "";
        }
        String policy = "explicitDeny".equals(decision) ? "DenyOutsideDrills" : "FunctionRoleDefaultPolicy";
        return "<member><SourcePolicyId>" + policy + "</SourcePolicyId><SourcePolicyType>IAM Policy</SourcePolicyType>"
                + "</member>";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Answer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Map<String, String> form = form(serveEvent.getRequest().getBodyAsString());
            if (!"SimulatePrincipalPolicy".equals(form.get("Action"))) {
                return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(400)
                        .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the"
                                + " stand-in serves SimulatePrincipalPolicy only</Message></Error></ErrorResponse>")
                        .build();
            }
            String action = form.get("ActionNames.member.1");
            List<String> resources = new ArrayList<>();
            for (int i = 1; form.containsKey("ResourceArns.member." + i); i++) {
                resources.add(form.get("ResourceArns.member." + i));
            }
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(response(action, resources, decisions.getOrDefault(action, "allowed"), null)).build();
        }

        @Override
        public String getName() {
            return "simulate-principal-policy";
        }
    }
}
