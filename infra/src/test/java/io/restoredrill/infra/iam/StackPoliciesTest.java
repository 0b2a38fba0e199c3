package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.aws.FunctionCall;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the synthesized template: intrinsics resolved, statements grouped by function role, and well formed. */
class StackPoliciesTest {

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final JsonNode TEMPLATE = json("""
            {"Resources": {
              "ReportsBucket4E7C5994": {"Type": "AWS::S3::Bucket"},
              "NamedBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "my-reports"}},
              "RestoreFunctionLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/restore-drill/restore"}}
            }}""");

    private final CloudFormationValues values = new CloudFormationValues(TEMPLATE, "aws-cn", "cn-north-1",
            "210987654321", "Drills");

    @Test
    void resolvesTheIntrinsicsThatSynthesizedPoliciesUse() {
        JsonNode resolved = values.resolve(json("""
                [{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":rds:", {"Ref": "AWS::Region"}, ":",
                                    {"Ref": "AWS::AccountId"}, ":db:restore-drill-*"]]},
                 {"Fn::Join": ["", [{"Fn::GetAtt": ["ReportsBucket4E7C5994", "Arn"]}, "/reports/*"]]},
                 {"Fn::GetAtt": ["NamedBucket", "Arn"]},
                 {"Fn::GetAtt": ["RestoreFunctionLogs", "Arn"]},
                 {"Fn::Sub": "arn:${AWS::Partition}:s3:::${NamedBucket}/x"}]"""));

        assertThat(resolved).extracting(JsonNode::asText).containsExactly(
                "arn:aws-cn:rds:cn-north-1:210987654321:db:restore-drill-*",
                "arn:aws-cn:s3:::drills-reportsbucket4e7c5994-gen0example/reports/*",
                "arn:aws-cn:s3:::my-reports",
                "arn:aws-cn:logs:cn-north-1:210987654321:log-group:/restore-drill/restore:*",
                "arn:aws-cn:s3:::my-reports/x");
    }

    @Test
    void refusesIntrinsicsItCannotResolve() {
        assertThatThrownBy(() -> values.resolve(json("{\"Fn::ImportValue\": \"SharedBucketArn\"}")))
                .hasMessageContaining("Fn::ImportValue is not resolved");
        assertThatThrownBy(() -> values.resolve(json("{\"Fn::GetAtt\": [\"NamedBucket\", \"WebsiteURL\"]}")))
                .hasMessageContaining("NamedBucket.WebsiteURL");
        assertThatThrownBy(() -> values.resolve(json("{\"Ref\": \"Missing\"}"))).hasMessageContaining("no resource Missing");
    }

    @Test
    void mapsEachFunctionToItsRoleThroughTheLambdaHandler() {
        Map<String, String> roles = SynthesizedRoles.get().policies.roleOfFunction();

        assertThat(roles.keySet()).containsExactlyInAnyOrderElementsOf(FunctionCall.FUNCTIONS);
        assertThat(roles.get("restore")).contains("RestoreFunctionRole");
        assertThat(roles.get("status")).contains("StatusFunctionRole");
        assertThat(roles.get("validate")).contains("ValidateFunctionRole");
        assertThat(roles.get("cleanup")).contains("CleanupFunctionRole");
        assertThat(roles.get("reaper")).contains("ReaperFunctionRole");
    }

    @Test
    void theReportsWriteGrantResolvesToTheReportsBucketsPrefix() {
        SynthesizedRoles roles = SynthesizedRoles.get();
        List<String> putResources = roles.statements("validate").stream().filter(s -> s.coversAction("s3:PutObject"))
                .flatMap(s -> s.resources().stream()).toList();

        assertThat(roles.reportsBucket).startsWith("restoredrilltest-reportsbucket");
        assertThat(putResources).containsExactly("arn:aws:s3:::" + roles.reportsBucket + "/reports/*");
    }

    /**
     * Every statement of every role names actions AWS has (a wildcard matches at least one), and each condition
     * key is one that every action it covers supports (through the action or one of its resource types) or a
     * global key: a key IAM never sees makes a condition silently false (or, negated, silently true).
     */
    @Test
    void everyStatementNamesRealActionsAndConditionKeysTheyAccept() {
        ServiceAuthorizationReference reference = ServiceAuthorizationReference.installed();
        SynthesizedRoles.get().policies.byRole().forEach((role, statements) -> statements.forEach(statement -> {
            assertThat(statement.notAction()).as(statement.where() + ": NotAction grants too much").isFalse();
            for (String pattern : statement.actions()) {
                List<ServiceAuthorizationReference.Action> actions = reference.actionsMatching(pattern);
                assertThat(actions).as(statement.where() + ": " + pattern + " names no AWS action").isNotEmpty();
                for (Condition condition : statement.conditions()) {
                    for (ServiceAuthorizationReference.Action action : actions) {
                        assertThat(reference.supports(action, reference.resourceTypes(action), condition.key()))
                                .as("%s: %s does not support condition key %s", statement.where(), action.qualified(),
                                        condition.key()).isTrue();
                    }
                }
            }
        }));
    }

    /**
     * Every Resource of every statement is of a resource type of at least one action the statement covers: a
     * resource that none of them can ever be authorized against grants nothing, and is most likely a typo.
     */
    @Test
    void everyResourceOfAStatementIsOfAResourceTypeOfOneOfItsActions() {
        ServiceAuthorizationReference reference = ServiceAuthorizationReference.installed();
        SynthesizedRoles.get().policies.byRole().forEach((role, statements) -> statements.forEach(statement -> {
            if (statement.notResource()) {
                return;
            }
            List<ServiceAuthorizationReference.Action> actions = statement.actions().stream()
                    .flatMap(a -> reference.actionsMatching(a).stream()).toList();
            for (String resource : statement.resources()) {
                if (resource.equals("*")) {
                    continue;
                }
                boolean typed = actions.stream().anyMatch(action -> reference.resourceTypes(action).stream()
                        .anyMatch(type -> Wildcards.arnOverlap(resource, type.arnFormat())));
                assertThat(typed).as("%s: %s is of no resource type of %s", statement.where(), resource,
                        statement.actions()).isTrue();
            }
        }));
    }
}
