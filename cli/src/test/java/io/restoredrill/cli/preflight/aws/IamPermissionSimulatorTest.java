package io.restoredrill.cli.preflight.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restoredrill.cli.preflight.PermissionSimulator.AccessQuestion;
import io.restoredrill.cli.preflight.PermissionSimulator.Evaluation;
import io.restoredrill.cli.preflight.SimulatorStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SimulatePrincipalPolicy adapter against WireMock answering the documented Query API XML (moto 5.2.1 does not
 * serve this API). https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
class IamPermissionSimulatorTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/restore-drill-RestoreFunctionRole-ABC";
    private static final String DB = "arn:aws:rds:eu-west-1:123456789012:db:restore-drill-orders-0123456789ab";
    private static final String SNAPSHOT = "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-1";

    private WireMockServer wireMock;
    private IamClient iam;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
        iam = IamClient.builder().endpointOverride(URI.create(wireMock.baseUrl())).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        iam.close();
        wireMock.stop();
    }

    /** "IsTruncated ... If your results were truncated, you can make a subsequent pagination request using the Marker." */
    @Test
    void followsTheMarkerUntilTheResultsAreNotTruncated() {
        wireMock.stubFor(post(anyUrl()).withRequestBody(notContaining("Marker=")).willReturn(aResponse().withStatus(200)
                .withBody(SimulatorStandIn.response("rds:RestoreDBInstanceFromDBSnapshot", List.of(DB), "allowed", "page-2"))));
        wireMock.stubFor(post(anyUrl()).withRequestBody(containing("Marker=page-2")).willReturn(aResponse().withStatus(200)
                .withBody(SimulatorStandIn.response("rds:RestoreDBInstanceFromDBSnapshot", List.of(SNAPSHOT),
                        "implicitDeny", null))));

        List<Evaluation> evaluations = new IamPermissionSimulator(iam).simulate(new AccessQuestion(ROLE,
                "rds:RestoreDBInstanceFromDBSnapshot", List.of(DB, SNAPSHOT), Map.of()));

        assertThat(evaluations).extracting(e -> e.resource() + " " + e.decision())
                .containsExactly(DB + " allowed", SNAPSHOT + " implicitDeny");
        wireMock.verify(2, postRequestedFor(anyUrl()));
        wireMock.verify(1, postRequestedFor(anyUrl()).withRequestBody(containing("Marker=page-2")));
    }

    /** ContextKeyType: string, stringList, boolean, ... as the API lists them; one action per question. */
    @Test
    void sendsTheRoleOneActionItsResourcesAndTypedContextEntries() {
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(SimulatorStandIn.response(
                "rds:CreateDBInstance", List.of(DB), "allowed", null))));

        new IamPermissionSimulator(iam).simulate(new AccessQuestion(ROLE, "rds:CreateDBInstance", List.of(DB), Map.of(
                "rds:PubliclyAccessible", List.of("false"),
                "aws:TagKeys", List.of("restore-drill:temporary"),
                "aws:RequestTag/restore-drill:temporary", List.of("true"),
                "aws:ResourceTag/restore-drill:drill", List.of("orders"))));

        Map<String, String> form = SimulatorStandIn.form(wireMock.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(form).containsEntry("Action", "SimulatePrincipalPolicy").containsEntry("Version", "2010-05-08")
                .containsEntry("PolicySourceArn", ROLE).containsEntry("ActionNames.member.1", "rds:CreateDBInstance")
                .doesNotContainKey("ActionNames.member.2").containsEntry("ResourceArns.member.1", DB);
        Map<String, String> types = new java.util.HashMap<>();
        for (int i = 1; form.containsKey("ContextEntries.member." + i + ".ContextKeyName"); i++) {
            types.put(form.get("ContextEntries.member." + i + ".ContextKeyName"),
                    form.get("ContextEntries.member." + i + ".ContextKeyType") + ":"
                            + form.get("ContextEntries.member." + i + ".ContextKeyValues.member.1"));
        }
        assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rds:PubliclyAccessible", "boolean:false",
                "aws:TagKeys", "stringList:restore-drill:temporary",
                "aws:RequestTag/restore-drill:temporary", "string:true",
                "aws:ResourceTag/restore-drill:drill", "string:orders"));
    }

    /**
     * "The top-level EvalDecision reflects the most restrictive decision across all resources": a deny that shows only
     * there (an SCP, say) is not lost behind per-resource results that say allowed.
     */
    @Test
    void aTopLevelDenyIsKeptWhenEveryResourceSaysAllowed() {
        String body = SimulatorStandIn.response("rds:DeleteDBInstance", List.of(DB), "allowed", null)
                .replace("<EvalDecision>allowed</EvalDecision>", "<EvalDecision>explicitDeny</EvalDecision>");
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(body)));

        List<Evaluation> evaluations = new IamPermissionSimulator(iam).simulate(new AccessQuestion(ROLE,
                "rds:DeleteDBInstance", List.of(DB), Map.of()));

        assertThat(evaluations).extracting(Evaluation::decision).containsExactly("allowed", "explicitDeny");
        assertThat(evaluations).anyMatch(e -> !e.allowed());
    }
}
