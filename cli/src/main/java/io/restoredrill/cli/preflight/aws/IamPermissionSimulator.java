package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.PermissionSimulator;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.Statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * iam:SimulatePrincipalPolicy, AWS's own evaluator, asked about a function's role
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html):
 * <ul>
 *   <li>PolicySourceArn is the role: the simulation includes every policy attached to it (and the account's SCPs);</li>
 *   <li>one action per request, with its ResourceArns and ContextEntries, so every result belongs to one question;</li>
 *   <li>ContextKeyType is one of string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary,
 *       binaryList, date, dateList: Bool condition keys go as boolean, multivalued ones (aws:TagKeys, aws:CalledVia)
 *       as stringList, the rest as string;</li>
 *   <li>results are paginated: IsTruncated with Marker, which is sent back until IsTruncated is false (the SDK's
 *       paginator does this);</li>
 *   <li>EvalDecision is allowed, explicitDeny or implicitDeny; the top-level decision is the most restrictive over the
 *       resources, ResourceSpecificResults give each resource's;</li>
 *   <li>resource-based policies (key policies, bucket policies) are not evaluated unless given as ResourcePolicy,
 *       which needs an IAM user as CallerArn: with a role as the principal they cannot be included, and the preflight
 *       says so where it matters.</li>
 * </ul>
 */
public final class IamPermissionSimulator implements PermissionSimulator {

    /** Condition keys of type Bool in the Service Authorization Reference that the preflight's questions set. */
    static final Set<String> BOOLEAN_KEYS = Set.of("rds:PubliclyAccessible", "rds:ManageMasterUserPassword",
            "aws:SecureTransport", "aws:ViaAWSService", "kms:GrantIsForAWSResource");
    /** Multivalued keys: always a list, even with one value. */
    static final Set<String> LIST_KEYS = Set.of("aws:TagKeys", "aws:CalledVia");

    private final IamClient iam;

    public IamPermissionSimulator(IamClient iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    @Override
    public List<Evaluation> simulate(AccessQuestion question) {
        List<Evaluation> evaluations = new ArrayList<>();
        iam.simulatePrincipalPolicyPaginator(r -> r
                        .policySourceArn(question.principalArn())
                        .actionNames(question.action())
                        .resourceArns(question.resources())
                        .contextEntries(contextEntries(question.context())))
                .evaluationResults()
                .forEach(result -> evaluations.addAll(evaluations(result)));
        return evaluations;
    }

    static List<ContextEntry> contextEntries(Map<String, List<String>> context) {
        return context.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> ContextEntry.builder().contextKeyName(e.getKey()).contextKeyValues(e.getValue())
                        .contextKeyType(type(e.getKey(), e.getValue())).build())
                .toList();
    }

    static ContextKeyTypeEnum type(String key, List<String> values) {
        if (BOOLEAN_KEYS.contains(key)) {
            return values.size() == 1 ? ContextKeyTypeEnum.BOOLEAN : ContextKeyTypeEnum.BOOLEAN_LIST;
        }
        return LIST_KEYS.contains(key) || values.size() > 1 ? ContextKeyTypeEnum.STRING_LIST : ContextKeyTypeEnum.STRING;
    }

    private static List<Evaluation> evaluations(EvaluationResult result) {
        if (result.hasResourceSpecificResults() && !result.resourceSpecificResults().isEmpty()) {
            List<Evaluation> perResource = new ArrayList<>();
            for (ResourceSpecificResult r : result.resourceSpecificResults()) {
                perResource.add(new Evaluation(result.evalActionName(), r.evalResourceName(),
                        r.evalResourceDecisionAsString(), statements(r.matchedStatements()), r.missingContextValues()));
            }
            // The top-level decision is the most restrictive; keep it when no resource shows why (e.g. an SCP).
            if (!result.evalDecisionAsString().equals("allowed")
                    && perResource.stream().allMatch(Evaluation::allowed)) {
                perResource.add(top(result));
            }
            return perResource;
        }
        return List.of(top(result));
    }

    private static Evaluation top(EvaluationResult result) {
        return new Evaluation(result.evalActionName(), Optional.ofNullable(result.evalResourceName()).orElse("*"),
                result.evalDecisionAsString(), statements(result.matchedStatements()), result.missingContextValues());
    }

    private static List<String> statements(List<Statement> statements) {
        return statements.stream().map(Statement::sourcePolicyId).filter(Objects::nonNull).toList();
    }
}
