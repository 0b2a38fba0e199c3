package io.restoredrill.cli.preflight;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Asks AWS's own policy evaluator whether a principal's policies allow a call. */
public interface PermissionSimulator {

    /** One evaluation result per action and resource the evaluator reports. */
    List<Evaluation> simulate(AccessQuestion question);

    /**
     * One authorization question: may {@code principalArn} call {@code action} on {@code resources} in a request whose
     * context holds {@code context} (condition keys, including the target's tags as {@code aws:ResourceTag/...})?
     */
    record AccessQuestion(String principalArn, String action, List<String> resources, Map<String, List<String>> context) {
        public AccessQuestion {
            Objects.requireNonNull(principalArn, "principalArn");
            Objects.requireNonNull(action, "action");
            resources = List.copyOf(resources);
            context = Map.copyOf(context);
        }
    }

    /**
     * @param decision             {@code allowed}, {@code explicitDeny} or {@code implicitDeny}
     * @param matchedStatements    ids of the policies whose statements decided it
     * @param missingContextValues condition keys the policies read that the question did not give
     */
    record Evaluation(String action, String resource, String decision, List<String> matchedStatements,
                      List<String> missingContextValues) {
        public Evaluation {
            matchedStatements = List.copyOf(matchedStatements);
            missingContextValues = List.copyOf(missingContextValues);
        }

        public boolean allowed() {
            return "allowed".equals(decision);
        }
    }
}
