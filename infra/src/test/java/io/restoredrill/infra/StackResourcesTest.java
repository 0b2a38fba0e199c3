package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.infra.RestoreDrillStack.Handler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StackResourcesTest {

    private SynthesizedStack synthesized;
    private JsonNode resources;

    @BeforeAll
    void synthesize() {
        synthesized = SynthesizedStack.get();
        resources = new ObjectMapper().valueToTree(synthesized.template.toJSON()).get("Resources");
    }

    private List<Map.Entry<String, JsonNode>> ofType(String type) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        resources.properties().forEach(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                list.add(e);
            }
        });
        return list;
    }

    private JsonNode function(Handler handler) {
        return ofType("AWS::Lambda::Function").stream().map(Map.Entry::getValue)
                .filter(f -> f.at("/Properties/Handler").asText().equals(handler.handler()))
                .findFirst().orElseThrow(() -> new AssertionError("no function for " + handler)).get("Properties");
    }

    @Test
    void everyHandlerRunsOnJava21Arm64InThePrivateSubnetsWithItsOwnSecurityGroup() {
        assertThat(ofType("AWS::Lambda::Function")).hasSize(Handler.values().length);
        List<String> groups = new ArrayList<>();
        for (Handler handler : Handler.values()) {
            JsonNode function = function(handler);
            assertThat(function.get("Runtime").asText()).isEqualTo("java21");
            assertThat(function.get("Architectures").get(0).asText()).isEqualTo("arm64");
            assertThat(function.get("MemorySize").asInt()).isEqualTo(1024);
            assertThat(Policies.strings(function.at("/VpcConfig/SubnetIds"))).containsExactlyElementsOf(SynthesizedStack.SUBNETS);
            assertThat(function.at("/VpcConfig/SecurityGroupIds")).hasSize(1);
            groups.add(function.at("/VpcConfig/SecurityGroupIds/0").toString());
        }
        assertThat(groups).doesNotHaveDuplicates();
    }

    @Test
    void validateMayRunFifteenMinutesAndTheOthersTwo() {
        assertThat(function(Handler.VALIDATE).get("Timeout").asInt()).isEqualTo(900);
        for (Handler handler : List.of(Handler.RESTORE, Handler.STATUS, Handler.CLEANUP, Handler.REAPER)) {
            assertThat(function(handler).get("Timeout").asInt()).isBetween(60, 120);
        }
    }

    @Test
    void validateKnowsWhereToWriteReports() {
        JsonNode variables = function(Handler.VALIDATE).at("/Environment/Variables");
        assertThat(variables.get("REPORTS_BUCKET").toString()).contains("ReportsBucket");
        assertThat(variables.get("REPORTS_PREFIX").asText()).isEqualTo(RestoreDrillStack.REPORTS_PREFIX);
    }

    @Test
    void theStateMachineIsStandardWithItsPlaceholdersFilledAndExecutionLogging() {
        synthesized.template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "StateMachineType", "STANDARD",
                "DefinitionSubstitutions", Map.of(
                        "RestoreFunctionArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RestoreFunction.*"), "Arn")),
                        "StatusFunctionArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("StatusFunction.*"), "Arn")),
                        "ValidateFunctionArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ValidateFunction.*"), "Arn")),
                        "CleanupFunctionArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CleanupFunction.*"), "Arn")),
                        "PlanFunctionArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("PlanFunction.*"), "Arn")),
                        "SummarizeFunctionArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("SummarizeFunction.*"), "Arn"))),
                "LoggingConfiguration", Map.of("Level", "ALL", "IncludeExecutionData", true,
                        "Destinations", List.of(Map.of("CloudWatchLogsLogGroup", Map.of("LogGroupArn",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("StateMachineLogs.*"), "Arn")))))),
                "TracingConfiguration", Map.of("Enabled", true)));
    }

    @Test
    void theNightlyScheduleStartsTheStateMachineAtThreeNamingTheDeployedDrillList() throws Exception {
        JsonNode rule = ofType("AWS::Events::Rule").stream().map(Map.Entry::getValue)
                .filter(r -> r.at("/Properties/ScheduleExpression").asText().equals("cron(0 3 * * ? *)"))
                .findFirst().orElseThrow().get("Properties");
        JsonNode target = rule.at("/Targets/0");
        assertThat(target.at("/Arn/Ref").asText()).startsWith("DrillStateMachine");
        String rendered = Policies.render(target.get("Input"));
        JsonNode input = new ObjectMapper().readTree(rendered);
        // Only a reference travels in the input: {"drillList": {"bucket", "key"}}, the Asset the plan reads.
        assertThat(input.properties()).extracting(Map.Entry::getKey).containsExactly("drillList");
        JsonNode environment = function(Handler.PLAN).at("/Environment/Variables");
        assertThat(Policies.render(environment.get("DRILL_LIST_BUCKET"))).isEqualTo(input.at("/drillList/bucket").asText());
        assertThat(environment.get("DRILL_LIST_KEY").asText()).isEqualTo(input.at("/drillList/key").asText())
                .endsWith(".json");
        // EventBridge's 8,192 characters (PutTargets, Target.Input): the reference, whatever the fleet, stays far below.
        assertThat(rendered.length()).isLessThan(RestoreDrillStack.MAX_RULE_INPUT_CHARS / 16);
    }

    @Test
    void theDeployedDrillListHoldsEveryDrillAndThePlanFillsInTheStacksSubnetGroup() {
        // cdk deploy uploads the document (a file Asset) to the bootstrap bucket under a content-addressed key.
        JsonNode list = SynthesizedStack.get().stack.drillListDocument();
        // Every drill, the restore-test ones included: the plan leaves them out of the night (PlanNight).
        assertThat(list.get("drills")).hasSize(5);
        assertThat(list.at("/drills/0/name").asText()).isEqualTo("orders");
        assertThat(list.at("/drills/0/checks/0/name").asText()).isEqualTo("orders-present");
        // Left out in the spec: the plan fills in the stack's subnet group from DEFAULT_DB_SUBNET_GROUP. The security
        // group is not part of the list: restore and status add the stack's group from their environment (see below).
        assertThat(list.at("/drills/0/target/rds").has("dbSubnetGroupName")).isFalse();
        assertThat(list.at("/drills/0/target/rds").has("vpcSecurityGroupIds")).isFalse();
        JsonNode environment = function(Handler.PLAN).at("/Environment/Variables");
        assertThat(environment.at("/DEFAULT_DB_SUBNET_GROUP/Ref").asText()).startsWith("TemporaryInstanceSubnetGroup");
        assertThat(environment.at("/REPORTS_BUCKET/Ref").asText()).startsWith("ReportsBucket");
        // Given in the spec: kept.
        assertThat(list.at("/drills/2/target/rds/dbSubnetGroupName").asText()).isEqualTo("legacy-isolated");
        assertThat(list.at("/drills/2/target/rds/vpcSecurityGroupIds/0").asText()).isEqualTo("sg-0123456789abcdef0");
    }

    @Test
    void theReaperRunsHourly() {
        JsonNode rule = ofType("AWS::Events::Rule").stream().map(Map.Entry::getValue)
                .filter(r -> r.at("/Properties/ScheduleExpression").asText().equals("rate(1 hour)"))
                .findFirst().orElseThrow().get("Properties");
        assertThat(rule.at("/Targets/0/Arn/Fn::GetAtt/0").asText()).contains("ReaperFunction");
    }

    @Test
    void theReportsBucketIsVersionedPrivateEncryptedTlsOnlyAndRetained() {
        Map.Entry<String, JsonNode> bucket = ofType("AWS::S3::Bucket").stream()
                .filter(e -> e.getKey().startsWith("ReportsBucket")).findFirst().orElseThrow();
        assertPrivateVersionedRetained(bucket);
    }

    @Test
    void theBackupsBucketIsObjectLockedVersionedAndRetained() {
        Map.Entry<String, JsonNode> bucket = ofType("AWS::S3::Bucket").stream()
                .filter(e -> e.getKey().startsWith("BackupsBucket")).findFirst().orElseThrow();
        assertPrivateVersionedRetained(bucket);
        JsonNode properties = bucket.getValue().get("Properties");
        assertThat(properties.get("ObjectLockEnabled").asBoolean()).isTrue();
        assertThat(properties.at("/ObjectLockConfiguration/Rule/DefaultRetention/Mode").asText()).isEqualTo("GOVERNANCE");
        assertThat(properties.at("/ObjectLockConfiguration/Rule/DefaultRetention/Days").asInt()).isEqualTo(35);
    }

    private void assertPrivateVersionedRetained(Map.Entry<String, JsonNode> bucket) {
        JsonNode properties = bucket.getValue().get("Properties");
        assertThat(bucket.getValue().get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(bucket.getValue().get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        assertThat(properties.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(properties.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                .asText()).isEqualTo("AES256");
        JsonNode block = properties.get("PublicAccessBlockConfiguration");
        assertThat(List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
                .allMatch(key -> block.get(key).asBoolean());
        JsonNode policy = ofType("AWS::S3::BucketPolicy").stream().map(Map.Entry::getValue)
                .filter(p -> p.at("/Properties/Bucket/Ref").asText().equals(bucket.getKey()))
                .findFirst().orElseThrow().at("/Properties/PolicyDocument/Statement");
        assertThat(policy.toString()).contains("\"Effect\":\"Deny\"").contains("\"aws:SecureTransport\":\"false\"");
    }

    @Test
    void temporaryInstancesAcceptPostgresOnlyFromTheValidateFunction() {
        String temporaryGroup = ofType("AWS::EC2::SecurityGroup").stream().map(Map.Entry::getKey)
                .filter(k -> k.startsWith("TemporaryInstanceSecurityGroup")).findFirst().orElseThrow();
        String validateGroup = function(Handler.VALIDATE).at("/VpcConfig/SecurityGroupIds/0/Fn::GetAtt/0").asText();
        JsonNode group = resources.get(temporaryGroup).get("Properties");
        assertThat(group.get("SecurityGroupIngress")).as("no inline ingress").isNull();
        List<JsonNode> ingress = ofType("AWS::EC2::SecurityGroupIngress").stream().map(e -> e.getValue().get("Properties"))
                .filter(p -> p.at("/GroupId/Fn::GetAtt/0").asText().equals(temporaryGroup)).toList();
        assertThat(ingress).singleElement().satisfies(rule -> {
            assertThat(rule.get("FromPort").asInt()).isEqualTo(5432);
            assertThat(rule.get("ToPort").asInt()).isEqualTo(5432);
            assertThat(rule.get("IpProtocol").asText()).isEqualTo("tcp");
            assertThat(rule.at("/SourceSecurityGroupId/Fn::GetAtt/0").asText()).isEqualTo(validateGroup);
            assertThat(rule.has("CidrIp")).isFalse();
        });
        // Nothing else may open a port on it: no CIDR ingress anywhere in the stack.
        resources.properties().forEach(e -> assertThat(e.getValue().at("/Properties/SecurityGroupIngress").isMissingNode())
                .as(e.getKey()).isTrue());
    }

    /**
     * Item 5: validate may open connections only to the stack's temporary-instance group, so every temporary instance
     * must be in it whatever the drill names. Restore and status (the only roles that may create or restore an
     * instance) read the group from TEMPORARY_INSTANCE_SECURITY_GROUP_ID and add it to the drill's groups.
     */
    @Test
    void everyFunctionThatCreatesInstancesGivesThemTheStacksTemporaryInstanceGroup() {
        String temporaryGroup = ofType("AWS::EC2::SecurityGroup").stream().map(Map.Entry::getKey)
                .filter(k -> k.startsWith("TemporaryInstanceSecurityGroup")).findFirst().orElseThrow();
        Policies policies = Policies.of(synthesized);
        for (Handler handler : Handler.values()) {
            JsonNode variable = function(handler).at("/Environment/Variables/TEMPORARY_INSTANCE_SECURITY_GROUP_ID");
            boolean creates = policies.of(handler).stream().anyMatch(st -> st.get("Effect").asText().equals("Allow")
                    && Policies.actions(st).stream().anyMatch(a -> a.equals("rds:RestoreDBInstanceFromDBSnapshot")
                    || a.equals("rds:CreateDBInstance")));
            // The restore-testing adopt creates an instance only in AWS Backup's restored cluster, whose security
            // groups are the cluster's (CreateDBInstance in a cluster takes none): it needs no group of the stack's.
            assertThat(creates).as(handler.name()).isEqualTo(handler == Handler.RESTORE || handler == Handler.STATUS
                    || handler == Handler.RESTORE_TEST_ADOPT);
            if (creates && handler != Handler.RESTORE_TEST_ADOPT) {
                assertThat(variable.at("/Fn::GetAtt/0").asText()).as(handler.name()).isEqualTo(temporaryGroup);
                assertThat(variable.at("/Fn::GetAtt/1").asText()).isEqualTo("GroupId");
            } else {
                assertThat(variable.isMissingNode()).as(handler.name()).isTrue();
            }
        }
    }

    @Test
    void validateMayReachTheTemporaryInstanceGroupOnPostgresOnly() {
        String temporaryGroup = ofType("AWS::EC2::SecurityGroup").stream().map(Map.Entry::getKey)
                .filter(k -> k.startsWith("TemporaryInstanceSecurityGroup")).findFirst().orElseThrow();
        String validateGroup = function(Handler.VALIDATE).at("/VpcConfig/SecurityGroupIds/0/Fn::GetAtt/0").asText();
        List<JsonNode> egress = ofType("AWS::EC2::SecurityGroupEgress").stream().map(e -> e.getValue().get("Properties"))
                .filter(p -> p.at("/GroupId/Fn::GetAtt/0").asText().equals(validateGroup)).toList();
        assertThat(egress).singleElement().satisfies(rule -> {
            assertThat(rule.get("IpProtocol").asText()).isEqualTo("tcp");
            assertThat(rule.get("FromPort").asInt()).isEqualTo(5432);
            assertThat(rule.get("ToPort").asInt()).isEqualTo(5432);
            assertThat(rule.at("/DestinationSecurityGroupId/Fn::GetAtt/0").asText()).isEqualTo(temporaryGroup);
        });
        // Inline egress of validate's own group: HTTPS to the AWS APIs only.
        JsonNode inline = resources.get(validateGroup).at("/Properties/SecurityGroupEgress");
        assertThat(inline).singleElement().satisfies(rule -> assertThat(rule.get("FromPort").asInt()).isEqualTo(443));
    }

    @Test
    void alarmsGoToATopicWithTheEmailSubscribed() {
        synthesized.template.resourceCountIs("AWS::SNS::Topic", 1);
        synthesized.template.hasResourceProperties("AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", SynthesizedStack.EMAIL));
    }
}
