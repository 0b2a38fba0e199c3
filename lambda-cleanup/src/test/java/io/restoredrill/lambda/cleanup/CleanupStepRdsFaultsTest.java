package io.restoredrill.lambda.cleanup;

import io.restoredrill.core.workflow.CleanupResult;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.workflow.CleanupStep;
import io.restoredrill.core.workflow.DrillInstancesFixture;
import io.restoredrill.core.workflow.DrillState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restoredrill.core.workflow.DrillInstancesFixture.EXECUTION;
import static io.restoredrill.core.workflow.DrillInstancesFixture.OWN_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RDS faults moto cannot produce, with WireMock standing in for the RDS Query API: DeleteDBInstance answering
 * InvalidDBInstanceState, and throttling.
 */
class CleanupStepRdsFaultsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

    private WireMockServer wireMock;
    private RdsClient rds;
    private CleanupStep step;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
        // The product's client settings (RdsClients): URLConnection client, the SDK's default retry strategy.
        rds = RdsClient.builder()
                .endpointOverride(URI.create(wireMock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        step = new CleanupStep(new RdsTemporaryInstances(rds), new io.restoredrill.core.adapter.rds.RdsSnapshotCopies(rds), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        rds.close();
        wireMock.stop();
    }

    @Test
    void countsInvalidDbInstanceStateAsDeletingWhenRdsIsAlreadyDeletingTheInstance() {
        // A first attempt of this step timed out after RDS had started the deletion; the retry's describe still saw
        // "available" (eventual consistency), its delete is answered InvalidDBInstanceState, and a fresh describe
        // shows "deleting".
        stubDescribe(Scenario.STARTED, "available");
        stubDelete(Scenario.STARTED, 400, error("InvalidDBInstanceState", "Instance " + OWN_INSTANCE
                + " is already being deleted."), "answered");
        stubDescribe("answered", "deleting");

        DrillState after = step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE));

        assertThat(after.cleanup()).contains(new DrillState.Cleanup(CleanupResult.DELETING, Optional.of(OWN_INSTANCE), NOW));
    }

    @Test
    void doesNotCallDeleteForAnInstanceRdsIsAlreadyDeleting() {
        stubDescribe(Scenario.STARTED, "deleting");

        DrillState after = step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE));

        assertThat(after.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.DELETING);
        wireMock.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance")));
    }

    @Test
    void reportsABusyInstanceAsTransientWhenItIsNotBeingDeleted() {
        // E.g. the instance is still being backed up after a restore: the state machine's cleanup retries it.
        stubDescribe(Scenario.STARTED, "backing-up");
        stubDelete(Scenario.STARTED, 400, error("InvalidDBInstanceState", "Instance is not available."), "answered");
        stubDescribe("answered", "backing-up");

        assertThatThrownBy(() -> step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE)))
                .isInstanceOf(io.restoredrill.core.domain.InstanceBusyException.class)
                .hasMessageContaining(OWN_INSTANCE)
                .hasCauseInstanceOf(InvalidDbInstanceStateException.class);
    }

    @Test
    void retriesAThrottledDeleteAndThenDeletes() {
        stubDescribe(Scenario.STARTED, "available");
        stubDelete(Scenario.STARTED, 400, error("Throttling", "Rate exceeded"), "throttled-once");
        stubDelete("throttled-once", 400, error("Throttling", "Rate exceeded"), "throttled-twice");
        stubDelete("throttled-twice", 200, """
                <DeleteDBInstanceResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                  <DeleteDBInstanceResult>%s</DeleteDBInstanceResult>
                  <ResponseMetadata><RequestId>3</RequestId></ResponseMetadata>
                </DeleteDBInstanceResponse>""".formatted(instanceXml("deleting")), "deleted");

        DrillState after = step.cleanup(DrillInstancesFixture.stateWithInstance(OWN_INSTANCE));

        assertThat(after.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.DELETED);
        wireMock.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance")));
        wireMock.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteDBInstance"))
                .withRequestBody(containing("SkipFinalSnapshot=true"))
                .withRequestBody(containing("DeleteAutomatedBackups=true")));
    }

    private void stubDescribe(String state, String status) {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("rds").whenScenarioStateIs(state)
                .withRequestBody(containing("Action=DescribeDBInstances"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                          <DescribeDBInstancesResult><DBInstances>%s</DBInstances></DescribeDBInstancesResult>
                          <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                        </DescribeDBInstancesResponse>""".formatted(instanceXml(status)))));
    }

    private void stubDelete(String state, int httpStatus, String body, String nextState) {
        wireMock.stubFor(post(urlEqualTo("/")).inScenario("rds").whenScenarioStateIs(state)
                .withRequestBody(containing("Action=DeleteDBInstance"))
                .willReturn(aResponse().withStatus(httpStatus).withHeader("Content-Type", "text/xml").withBody(body))
                .willSetStateTo(nextState));
    }

    private static String instanceXml(String status) {
        String tags = DrillInstancesFixture.drillTags(EXECUTION, NOW.plusSeconds(3600).toString()).entrySet().stream()
                .map(t -> "<Tag><Key>" + t.getKey() + "</Key><Value>" + t.getValue() + "</Value></Tag>")
                .collect(Collectors.joining());
        return """
                <DBInstance>
                  <DBInstanceIdentifier>%s</DBInstanceIdentifier>
                  <DBInstanceArn>arn:aws:rds:us-east-1:123456789012:db:%s</DBInstanceArn>
                  <DBInstanceStatus>%s</DBInstanceStatus>
                  <DeletionProtection>false</DeletionProtection>
                  <TagList>%s</TagList>
                </DBInstance>""".formatted(OWN_INSTANCE, OWN_INSTANCE, status, tags);
    }

    private static String error(String code, String message) {
        return """
                <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>2</RequestId>
                </ErrorResponse>""".formatted(code, message);
    }

}
