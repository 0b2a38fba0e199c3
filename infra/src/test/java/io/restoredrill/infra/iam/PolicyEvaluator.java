package io.restoredrill.infra.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Evaluates identity-based policies the way IAM does within one account, with no resource-based policy,
 * permissions boundary, session policy or SCP in play:
 * <ol>
 *   <li>every request starts denied (implicit deny);</li>
 *   <li>an applicable Deny statement denies it, whatever allows it (explicit deny wins);</li>
 *   <li>otherwise an applicable Allow statement allows it.</li>
 * </ol>
 * A statement applies when its Action (NotAction) covers the action, its Resource (NotResource) covers the
 * resource, and every condition holds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 *
 * <p>Before it answers, the request is checked against AWS's service data: the action must exist, the resource
 * must be of one of the action's resource types, and every condition key of a statement that covers the action
 * and resource must be one the action or that resource type supports, or a global key. Each failure is an
 * {@link IllegalArgumentException}: a policy or a request that IAM could never match as written is a bug, not a
 * denial to be shrugged off.
 */
final class PolicyEvaluator {

    enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    /** The decision and the statements that led to it. */
    record Result(AuthorizationRequest request, Decision decision, List<Statement> allowing, List<Statement> denying) {
        boolean allowed() {
            return decision == Decision.ALLOW;
        }

        @Override
        public String toString() {
            return decision + " for " + request + (denying.isEmpty() ? "" : "; denied by " + denying.stream()
                    .map(Statement::where).toList()) + (allowing.isEmpty() ? "" : "; allowed by " + allowing.stream()
                    .map(Statement::where).toList());
        }
    }

    private final ServiceAuthorizationReference reference;

    PolicyEvaluator(ServiceAuthorizationReference reference) {
        this.reference = reference;
    }

    Result evaluate(Collection<Statement> statements, AuthorizationRequest request) {
        ServiceAuthorizationReference.Action action = reference.action(request.action());
        List<ServiceAuthorizationReference.ResourceType> types = reference.resourceTypeOf(action, request.resource())
                .map(List::of).orElseGet(() -> reference.resourceTypes(action));
        List<Statement> allowing = new ArrayList<>();
        List<Statement> denying = new ArrayList<>();
        for (Statement statement : statements) {
            if (!statement.coversAction(request.action()) || !statement.coversResource(request.resource())) {
                continue;
            }
            for (Condition condition : statement.conditions()) {
                if (!reference.supports(action, types, condition.key())) {
                    throw new IllegalArgumentException(statement.where() + ": condition key " + condition.key()
                            + " is supported neither by " + action.qualified() + " nor by its resource type "
                            + types.stream().map(ServiceAuthorizationReference.ResourceType::name).toList()
                            + ", and it is not a global key: IAM would never find it in the request for "
                            + request.resource());
                }
            }
            boolean holds = statement.conditions().stream().allMatch(c -> c.holds(request.values(c.key())));
            if (holds) {
                (statement.allow() ? allowing : denying).add(statement);
            }
        }
        Decision decision = !denying.isEmpty() ? Decision.EXPLICIT_DENY
                : !allowing.isEmpty() ? Decision.ALLOW : Decision.IMPLICIT_DENY;
        return new Result(request, decision, List.copyOf(allowing), List.copyOf(denying));
    }
}
