package io.restoredrill.core.aws;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One authorization request that a function's code makes against AWS, as IAM evaluates it: the action, the
 * resources it names, the request context (condition keys the request sets) and the tags its target already
 * carries. The build evaluates each one against the synthesized policies (they must be allowed), and the
 * preflight asks AWS's own evaluator the same question of the deployed roles.
 *
 * <p>Resource ARNs may hold the placeholders {@code ${Partition}}, {@code ${Region}}, {@code ${Account}} and
 * {@code ${ReportsBucket}}; {@link #resolve} fills them in.
 *
 * @param function     which function makes the call: {@code restore}, {@code status}, {@code validate},
 *                     {@code cleanup} or {@code reaper}
 * @param action       {@code service:Action}, e.g. {@code rds:RestoreDBInstanceFromDBSnapshot}
 * @param resources    the ARNs IAM authorizes the action against
 * @param context      condition keys the request sets, each with one value or several
 * @param resourceTags tags the target resource already has (declared here: a request does not carry them)
 * @param why          what the code does with the call, for people
 */
public record FunctionCall(
        String function,
        String action,
        List<String> resources,
        Map<String, List<String>> context,
        Map<String, String> resourceTags,
        String why) {

    /** The functions of the AWS path, by the names the manifest uses. */
    public static final List<String> FUNCTIONS = DrillFunction.manifestNames();

    public FunctionCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(why, "why");
        if (!FUNCTIONS.contains(function)) {
            throw new IllegalArgumentException("unknown function \"" + function + "\"; expected one of " + FUNCTIONS);
        }
        if (!action.matches("[a-z0-9-]+:[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("action \"" + action + "\" is not of the form service:Action");
        }
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(action + " of " + function + " names no resource (use \"*\" for"
                    + " actions without resource types)");
        }
        context = context.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        resourceTags = Map.copyOf(resourceTags);
    }

    /** The service prefix of the action, e.g. {@code rds}. */
    public String service() {
        return action.substring(0, action.indexOf(':'));
    }

    /** The resources with the placeholders filled in. */
    public List<String> resolve(String partition, String region, String account, String reportsBucket) {
        return resources.stream().map(arn -> placeholders(arn, partition, region, account, reportsBucket)).toList();
    }

    /** The context with the placeholders filled in (a value may name an ARN, e.g. aws:SourceArn). */
    public Map<String, List<String>> resolveContext(String partition, String region, String account,
                                                    String reportsBucket) {
        return context.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(v -> placeholders(v, partition, region, account, reportsBucket))
                        .toList()));
    }

    /**
     * The resource tags with the placeholders filled in: RDS tags a managed secret with its instance's ARN
     * (aws:rds:primaryDBInstanceArn), which holds the partition, region and account.
     */
    public Map<String, String> resolveResourceTags(String partition, String region, String account,
                                                   String reportsBucket) {
        return resourceTags.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> placeholders(e.getValue(), partition, region, account, reportsBucket)));
    }

    private static String placeholders(String text, String partition, String region, String account,
                                       String reportsBucket) {
        return text.replace("${Partition}", partition).replace("${Region}", region)
                .replace("${Account}", account).replace("${ReportsBucket}", reportsBucket);
    }
}
