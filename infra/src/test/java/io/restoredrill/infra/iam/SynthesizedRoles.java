package io.restoredrill.infra.iam;

import io.restoredrill.infra.SynthesizedTemplate;

import java.util.List;

/**
 * The synthesized stack's function roles, resolved for the test account and region, with the evaluator that
 * answers for them. Built once per test JVM (the synth costs seconds).
 */
final class SynthesizedRoles {

    static final String PARTITION = "aws";
    static final String REGION = SynthesizedTemplate.REGION;
    static final String ACCOUNT = SynthesizedTemplate.ACCOUNT;

    private static SynthesizedRoles instance;

    final StackPolicies policies;
    final PolicyEvaluator evaluator;
    final String reportsBucket;
    /** The deployed drill list (the Asset): what the plan function's DRILL_LIST_BUCKET and DRILL_LIST_KEY name. */
    final String drillListBucket;
    final String drillListKey;

    private SynthesizedRoles(StackPolicies policies) {
        this.policies = policies;
        this.evaluator = new PolicyEvaluator(ServiceAuthorizationReference.installed());
        this.reportsBucket = policies.bucketName("ReportsBucket");
        this.drillListBucket = policies.environment("plan", "DRILL_LIST_BUCKET");
        this.drillListKey = policies.environment("plan", "DRILL_LIST_KEY");
    }

    static synchronized SynthesizedRoles get() {
        if (instance == null) {
            var template = SynthesizedTemplate.json();
            instance = new SynthesizedRoles(StackPolicies.of(template, new CloudFormationValues(template, PARTITION,
                    REGION, ACCOUNT, SynthesizedTemplate.STACK_NAME)));
        }
        return instance;
    }

    PolicyEvaluator.Result evaluate(String function, AuthorizationRequest request) {
        return evaluator.evaluate(policies.ofFunction(function), request);
    }

    List<Statement> statements(String function) {
        return policies.ofFunction(function);
    }

    /** What the state machine's role allows. */
    PolicyEvaluator.Result evaluateStateMachine(AuthorizationRequest request) {
        return evaluator.evaluate(policies.ofStateMachine(), request);
    }

    /** An ARN of the test account and region: {@code arn(rds, "db:orders")}. */
    static String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }
}
