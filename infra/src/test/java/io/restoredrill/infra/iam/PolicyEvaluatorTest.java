package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.infra.iam.PolicyEvaluator.Decision;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The evaluator against the IAM User Guide, case by case. Pages:
 * [logic] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * [deny]  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * [ops]   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * [multi] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * [sets]  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * [res]   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * [sar]   https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
class PolicyEvaluatorTest {

    private static final String DRILL_DB = "arn:aws:rds:us-east-1:123456789012:db:restore-drill-orders-0123456789ab";
    private static final String PRODUCTION_DB = "arn:aws:rds:us-east-1:123456789012:db:orders";
    private static final String SNAPSHOT = "arn:aws:rds:us-east-1:123456789012:snapshot:orders-2026-11-25";

    private final PolicyEvaluator evaluator = new PolicyEvaluator(ServiceAuthorizationReference.installed());

    private static List<Statement> policy(String... statements) {
        List<Statement> parsed = new ArrayList<>();
        for (String json : statements) {
            try {
                parsed.add(Statement.parse("test#" + parsed.size(), new ObjectMapper().readTree(json)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return parsed;
    }

    private Decision decide(List<Statement> policy, AuthorizationRequest request) {
        return evaluator.evaluate(policy, request).decision();
    }

    // [logic] "By default, all requests are implicitly denied".
    @Test
    void deniesImplicitlyWhenNoStatementApplies() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:DescribeDBInstances", "Resource": "*"}""");

        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB)))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(List.of(), AuthorizationRequest.of("rds:DescribeDBInstances", "*")))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    // [deny] "An explicit deny in any policy overrides any allows."
    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:*", "Resource": "*"}""", """
                {"Effect": "Deny", "Action": "rds:DeleteDBInstance", "Resource": "arn:aws:rds:*:*:db:orders"}""");

        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", PRODUCTION_DB)))
                .isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB))).isEqualTo(Decision.ALLOW);
    }

    // [ops]/Action element: action names are case-insensitive and take * and ? wildcards.
    @Test
    void matchesActionsCaseInsensitivelyWithWildcards() {
        var policy = policy("""
                {"Effect": "Allow", "Action": ["RDS:describe*", "rds:Delete?BInstance"], "Resource": "*"}""");

        assertThat(decide(policy, AuthorizationRequest.of("rds:DescribeDBSnapshots", "*"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBSnapshot", SNAPSHOT)))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void notActionAppliesToEveryOtherAction() {
        var policy = policy("""
                {"Effect": "Allow", "NotAction": "rds:Delete*", "Resource": "*"}""");

        assertThat(decide(policy, AuthorizationRequest.of("rds:DescribeDBInstances", "*"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB)))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    // [res]: wildcards within ARN parts; ARNs are case-sensitive.
    @Test
    void matchesResourcesCaseSensitivelyWithWildcardsAndNotResource() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "arn:aws:rds:us-east-1:123456789012:db:restore-drill-*"}""");

        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance", PRODUCTION_DB)))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance",
                "arn:aws:rds:us-east-1:123456789012:db:Restore-drill-x"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(policy, AuthorizationRequest.of("rds:DeleteDBInstance",
                "arn:aws:rds:eu-west-1:123456789012:db:restore-drill-x"))).isEqualTo(Decision.IMPLICIT_DENY);

        var notResource = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "NotResource": "arn:aws:rds:us-east-1:123456789012:db:orders"}""");
        assertThat(decide(notResource, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB))).isEqualTo(Decision.ALLOW);
        assertThat(decide(notResource, AuthorizationRequest.of("rds:DeleteDBInstance", PRODUCTION_DB)))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    // [multi]: values of one key OR; keys of one operator AND; operators AND.
    @Test
    void valuesOfOneKeyAreAlternativesWhileKeysAndOperatorsMustAllHold() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:ResourceTag/restore-drill:temporary": ["true", "yes"],
                                                "rds:db-tag/restore-drill:temporary": "true"},
                               "StringLike": {"aws:ResourceTag/restore-drill:drill": "orders*"}}}""");
        var request = AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB);

        assertThat(decide(policy, request.withResourceTags(Map.of("restore-drill:temporary", "yes",
                "restore-drill:drill", "orders-eu")))).as("rds:db-tag mirrors the tag; 'yes' is one of the values")
                .isEqualTo(Decision.IMPLICIT_DENY); // rds:db-tag must be "true": AND across keys
        assertThat(decide(policy, request.withResourceTags(Map.of("restore-drill:temporary", "true",
                "restore-drill:drill", "orders-eu")))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.withResourceTags(Map.of("restore-drill:temporary", "true",
                "restore-drill:drill", "billing")))).as("the second operator fails").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(policy, request.with("aws:ResourceTag/restore-drill:temporary", "yes")
                .with("rds:db-tag/restore-drill:temporary", "true").with("aws:ResourceTag/restore-drill:drill", "orders")))
                .as("any one of a key's values suffices").isEqualTo(Decision.ALLOW);
    }

    // [ops]: "Condition key names are not case-sensitive"; StringEquals is case-sensitive, ...IgnoreCase is not.
    @Test
    void keysAreCaseInsensitiveAndValuesCaseSensitive() {
        var exact = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"StringEquals": {"AWS:RESOURCETAG/restore-drill:temporary": "true"}}}""");
        var ignoreCase = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"StringEqualsIgnoreCase": {"aws:ResourceTag/restore-drill:temporary": "TRUE"}}}""");
        var request = AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB);

        assertThat(decide(exact, request.with("aws:resourcetag/restore-drill:temporary", "true"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(exact, request.with("aws:ResourceTag/restore-drill:temporary", "True")))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(ignoreCase, request.with("aws:ResourceTag/restore-drill:temporary", "True")))
                .isEqualTo(Decision.ALLOW);
    }

    // [ops]: a key absent from the request makes a condition false, but true for the negated operators.
    @Test
    void anAbsentKeyFailsPositiveOperatorsAndSatisfiesNegatedOnes() {
        var request = AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB);
        for (String operator : List.of("StringEquals", "StringLike", "ArnLike", "ArnEquals")) {
            assertThat(decide(policy("""
                    {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                     "Condition": {"%s": {"aws:ResourceTag/x": "arn:aws:rds:*:*:db:*"}}}""".formatted(operator)), request))
                    .as(operator).isEqualTo(Decision.IMPLICIT_DENY);
        }
        for (String operator : List.of("StringNotEquals", "StringNotLike", "ArnNotLike", "ArnNotEquals")) {
            assertThat(decide(policy("""
                    {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                     "Condition": {"%s": {"aws:ResourceTag/x": "arn:aws:rds:*:*:db:*"}}}""".formatted(operator)), request))
                    .as(operator).isEqualTo(Decision.ALLOW);
        }
    }

    // [ops] "...IfExists": "If the policy key is present in the context of the request, process the key as
    // specified in the policy. If the key is not present, evaluate the condition element as true."
    @Test
    void ifExistsHoldsWhenTheKeyIsAbsentAndTestsItWhenPresent() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:CreateDBInstance", "Resource": "*",
                 "Condition": {"BoolIfExists": {"rds:PubliclyAccessible": "false"}}}""");
        var request = AuthorizationRequest.of("rds:CreateDBInstance", DRILL_DB);

        assertThat(decide(policy, request)).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.with("rds:PubliclyAccessible", "false"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.with("rds:PubliclyAccessible", "true"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    // [ops] Null: "true" means the key must be absent, "false" that it must be present.
    @Test
    void nullTestsWhetherTheKeyIsPresent() {
        var mustBeAbsent = policy("""
                {"Effect": "Allow", "Action": "rds:CreateDBInstance", "Resource": "*",
                 "Condition": {"Null": {"aws:RequestTag/owner": "true"}}}""");
        var mustBePresent = policy("""
                {"Effect": "Allow", "Action": "rds:CreateDBInstance", "Resource": "*",
                 "Condition": {"Null": {"aws:RequestTag/owner": false}}}""");
        var request = AuthorizationRequest.of("rds:CreateDBInstance", DRILL_DB);

        assertThat(decide(mustBeAbsent, request)).isEqualTo(Decision.ALLOW);
        assertThat(decide(mustBeAbsent, request.with("aws:RequestTag/owner", "x"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(mustBePresent, request)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(mustBePresent, request.with("aws:RequestTag/owner", "x"))).isEqualTo(Decision.ALLOW);
    }

    // [sets] ForAllValues: true when every request value matches, and also when the key is absent (the reason
    // the guide pairs it with Null); ForAnyValue: at least one value, false when absent.
    @Test
    void forAllValuesHoldsForAnAbsentKeyWhileForAnyValueDoesNot() {
        var allValues = policy("""
                {"Effect": "Allow", "Action": "rds:AddTagsToResource", "Resource": "*",
                 "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["restore-drill:*"]}}}""");
        var anyValue = policy("""
                {"Effect": "Allow", "Action": "rds:AddTagsToResource", "Resource": "*",
                 "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["restore-drill:temporary"]}}}""");
        var request = AuthorizationRequest.of("rds:AddTagsToResource", DRILL_DB);

        assertThat(decide(allValues, request)).as("absent key").isEqualTo(Decision.ALLOW);
        assertThat(decide(allValues, request.with("aws:TagKeys", "restore-drill:temporary", "restore-drill:drill")))
                .isEqualTo(Decision.ALLOW);
        assertThat(decide(allValues, request.with("aws:TagKeys", "restore-drill:temporary", "owner")))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(anyValue, request)).as("absent key").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(anyValue, request.with("aws:TagKeys", "owner", "restore-drill:temporary")))
                .isEqualTo(Decision.ALLOW);
        assertThat(decide(anyValue, request.with("aws:TagKeys", "owner"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aSetOperatorWithANegatedOperatorTestsEachValueAgainstAllConditionValues() {
        var policy = policy("""
                {"Effect": "Deny", "Action": "rds:AddTagsToResource", "Resource": "*",
                 "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": ["restore-drill:*"]}}}""", """
                {"Effect": "Allow", "Action": "rds:AddTagsToResource", "Resource": "*"}""");
        var request = AuthorizationRequest.of("rds:AddTagsToResource", DRILL_DB);

        assertThat(decide(policy, request.with("aws:TagKeys", "restore-drill:temporary"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.with("aws:TagKeys", "restore-drill:temporary", "owner")))
                .isEqualTo(Decision.EXPLICIT_DENY);
    }

    // [ops] Bool compares "true"/"false"; a JSON boolean in the policy is the same text.
    @Test
    void boolComparesTrueAndFalse() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:ModifyDBInstance", "Resource": "*",
                 "Condition": {"Bool": {"rds:ManageMasterUserPassword": true}}}""");
        var request = AuthorizationRequest.of("rds:ModifyDBInstance", DRILL_DB);

        assertThat(decide(policy, request.with("rds:ManageMasterUserPassword", "true"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.with("rds:ManageMasterUserPassword", "false"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(policy, request)).isEqualTo(Decision.IMPLICIT_DENY);
    }

    // The key pbac could not resolve: a tag key that itself contains ':' (RDS's aws:rds:primaryDBInstanceArn).
    @Test
    void readsTagKeysThatContainColons() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-*",
                 "Condition": {"StringLike": {"aws:ResourceTag/aws:rds:primaryDBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:restore-drill-*"}}}""");
        var request = AuthorizationRequest.of("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf");

        assertThat(decide(policy, request.withResourceTags(Map.of("aws:rds:primaryDBInstanceArn", DRILL_DB))))
                .isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.withResourceTags(Map.of("aws:rds:primaryDBInstanceArn", PRODUCTION_DB))))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    // [ops] Arn operators match each of the six colon-separated parts on its own.
    @Test
    void arnOperatorsMatchPartByPart() {
        var policy = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:states:*:123456789012:stateMachine:*"}}}""");
        var request = AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB);

        assertThat(decide(policy, request.with("aws:SourceArn", "arn:aws:states:us-east-1:123456789012:stateMachine:drill")))
                .isEqualTo(Decision.ALLOW);
        assertThat(decide(policy, request.with("aws:SourceArn", "arn:aws:states:us-east-1:999999999999:stateMachine:drill")))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide(policy, request.with("aws:SourceArn", "not-an-arn"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    // [sar]: the service data makes mistakes errors instead of silent denials.
    @Test
    void anActionAwsDoesNotHaveIsAnError() {
        assertThatThrownBy(() -> decide(List.of(), AuthorizationRequest.of("rds:DeleteDBInstances", DRILL_DB)))
                .hasMessageContaining("AWS has no action rds:DeleteDBInstances");
        assertThatThrownBy(() -> decide(List.of(), AuthorizationRequest.of("rdss:DeleteDBInstance", DRILL_DB)))
                .hasMessageContaining("no AWS service has the prefix \"rdss\"");
    }

    @Test
    void aResourceOfNoneOfTheActionsResourceTypesIsAnError() {
        assertThatThrownBy(() -> decide(List.of(), AuthorizationRequest.of("rds:DeleteDBInstance", SNAPSHOT)))
                .hasMessageContaining("is of none of the resource types of rds:DeleteDBInstance");
        assertThatThrownBy(() -> decide(List.of(), AuthorizationRequest.of("rds:DeleteDBInstance", "*")))
                .hasMessageContaining("requires a resource of type [db]");
        assertThatThrownBy(() -> decide(List.of(), AuthorizationRequest.of("s3:PutObject", "arn:aws:s3:::reports")))
                .as("a bucket is not an object").hasMessageContaining("none of the resource types of s3:PutObject");
    }

    @Test
    void aConditionKeyTheActionDoesNotSupportIsAnErrorUnlessGlobal() {
        var publicOnDelete = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"Bool": {"rds:PubliclyAccessible": "false"}}}""");
        var requestTagOnDelete = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:RequestTag/restore-drill:temporary": "true"}}}""");
        var global = policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"ForAnyValue:StringEquals": {"aws:CalledVia": "rds.amazonaws.com"}}}""");
        var request = AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_DB);

        assertThatThrownBy(() -> decide(publicOnDelete, request))
                .hasMessageContaining("condition key rds:PubliclyAccessible is supported neither by rds:DeleteDBInstance");
        assertThatThrownBy(() -> decide(requestTagOnDelete, request))
                .hasMessageContaining("aws:RequestTag/restore-drill:temporary is supported neither");
        assertThat(decide(global, request.with("aws:CalledVia", "rds.amazonaws.com"))).isEqualTo(Decision.ALLOW);
        // The resource type's keys count: db supports aws:ResourceTag and rds:db-tag, which the action does not list.
        assertThat(decide(policy("""
                {"Effect": "Allow", "Action": "rds:DeleteDBInstance", "Resource": "*",
                 "Condition": {"StringEquals": {"rds:db-tag/restore-drill:temporary": "true"}}}"""),
                request.withResourceTags(Map.of("restore-drill:temporary", "true")))).isEqualTo(Decision.ALLOW);
    }

    @Test
    void refusesWhatItDoesNotEvaluate() {
        assertThatThrownBy(() -> policy("""
                {"Effect": "Allow", "Action": "rds:DescribeDBInstances", "Resource": "*",
                 "Condition": {"NumericLessThan": {"aws:EpochTime": "1"}}}"""))
                .hasMessageContaining("NumericLessThan is not supported");
        assertThatThrownBy(() -> policy("""
                {"Effect": "allow", "Action": "rds:DescribeDBInstances", "Resource": "*"}"""))
                .hasMessageContaining("Effect must be Allow or Deny");
        assertThatThrownBy(() -> policy("""
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}"""))
                .hasMessageContaining("policy variable");
        var single = policy("""
                {"Effect": "Allow", "Action": "rds:AddTagsToResource", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:TagKeys": "restore-drill:temporary"}}}""");
        assertThatThrownBy(() -> decide(single, AuthorizationRequest.of("rds:AddTagsToResource", DRILL_DB)
                .with("aws:TagKeys", "a", "b"))).hasMessageContaining("needs ForAllValues: or ForAnyValue:");
    }

    @Test
    void tellsWhetherTwoWildcardPatternsShareAString() {
        assertThat(Wildcards.arnOverlap("arn:aws:logs:r:a:log-group:drill:*",
                "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}")).isTrue();
        assertThat(Wildcards.arnOverlap("arn:aws:rds:r:a:db:restore-drill-*",
                "arn:${Partition}:rds:${Region}:${Account}:snapshot:${SnapshotName}")).isFalse();
        assertThat(Wildcards.overlap("db:restore-drill-*", "*:snapshot:*")).as("as plain text they do").isTrue();
        assertThat(Wildcards.overlap("a?c", "*b*")).isTrue();
        assertThat(Wildcards.overlap("abc", "abd")).isFalse();
        assertThat(Wildcards.overlap("*", "")).isTrue();
    }
}
