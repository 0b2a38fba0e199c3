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
 * <p>Resource ARNs may hold the placeholders {@code ${Partition}}, {@code ${Region}}, {@code ${Account}},
 * {@code ${ReportsBucket}}, {@code ${DrillListBucket}} and {@code ${DrillListKey}} ({@link Placeholders});
 * {@link #resolve(Placeholders)} fills them in. The four-argument forms fill the first four and refuse an entry
 * that names the drill list.
 *
 * @param function     which function makes the call: one of {@link DrillFunction#manifestNames()}
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
    public List<String> resolve(Placeholders values) {
        return resources.stream().map(values::fill).toList();
    }

    /** The context with the placeholders filled in (a value may name an ARN, e.g. aws:SourceArn). */
    public Map<String, List<String>> resolveContext(Placeholders values) {
        return context.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(values::fill).toList()));
    }

    /**
     * The resource tags with the placeholders filled in: RDS tags a managed secret with its instance's ARN
     * (aws:rds:primaryDBInstanceArn), which holds the partition, region and account.
     */
    public Map<String, String> resolveResourceTags(Placeholders values) {
        return resourceTags.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> values.fill(e.getValue())));
    }

    /** Whether an entry names the deployed drill list, which the four-argument forms cannot fill in. */
    public boolean namesTheDrillList() {
        return java.util.stream.Stream.concat(resources.stream(),
                        java.util.stream.Stream.concat(context.values().stream().flatMap(List::stream),
                                resourceTags.values().stream()))
                .anyMatch(text -> text.contains("${DrillListBucket}") || text.contains("${DrillListKey}"));
    }

    /** The resources with the placeholders filled in. */
    public List<String> resolve(String partition, String region, String account, String reportsBucket) {
        return resolve(withoutDrillList(partition, region, account, reportsBucket));
    }

    /** The context with the placeholders filled in (a value may name an ARN, e.g. aws:SourceArn). */
    public Map<String, List<String>> resolveContext(String partition, String region, String account,
                                                    String reportsBucket) {
        return resolveContext(withoutDrillList(partition, region, account, reportsBucket));
    }

    /** The resource tags with the placeholders filled in. */
    public Map<String, String> resolveResourceTags(String partition, String region, String account,
                                                   String reportsBucket) {
        return resolveResourceTags(withoutDrillList(partition, region, account, reportsBucket));
    }

    private Placeholders withoutDrillList(String partition, String region, String account, String reportsBucket) {
        if (namesTheDrillList()) {
            throw new IllegalStateException(function + " " + action + " on " + resources + " names the deployed drill"
                    + " list: resolve it with resolve(Placeholders), which knows the list's bucket and key");
        }
        return new Placeholders(partition, region, account, reportsBucket, "", "");
    }
}
