package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.aws.DrillFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity-based policies of a synthesized template, resolved to concrete values and grouped by role, and
 * the role of each function (found through the AWS::Lambda::Function resources' Handler and Role).
 *
 * <p>A role's policies are its inline Policies, every AWS::IAM::Policy and AWS::IAM::ManagedPolicy that names it
 * in Roles, and the template's own managed policies in its ManagedPolicyArns. An AWS managed policy (an ARN
 * outside the template) or a permissions boundary cannot be evaluated offline: either is an error, not ignored.
 */
final class StackPolicies {

    private final CloudFormationValues values;
    private final Map<String, List<Statement>> byRole;
    private final Map<String, String> roleOfFunction;
    private final JsonNode resources;

    private StackPolicies(CloudFormationValues values, JsonNode resources, Map<String, List<Statement>> byRole,
                          Map<String, String> roleOfFunction) {
        this.values = values;
        this.resources = resources;
        this.byRole = byRole;
        this.roleOfFunction = roleOfFunction;
    }

    static StackPolicies of(JsonNode template, CloudFormationValues values) {
        JsonNode resources = template.path("Resources");
        Map<String, List<Statement>> byRole = new LinkedHashMap<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals("AWS::IAM::Role")) {
                byRole.put(entry.getKey(), new ArrayList<>());
            }
        });
        resources.properties().forEach(entry -> {
            String id = entry.getKey();
            JsonNode resource = entry.getValue();
            JsonNode properties = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::IAM::Role" -> {
                    if (properties.has("PermissionsBoundary")) {
                        throw new IllegalArgumentException(id + ": a permissions boundary is not evaluated here");
                    }
                    for (JsonNode policy : properties.path("Policies")) {
                        byRole.get(id).addAll(statements(values, id + "/" + policy.path("PolicyName").asText(),
                                policy.path("PolicyDocument")));
                    }
                    for (JsonNode arn : properties.path("ManagedPolicyArns")) {
                        String managed = arn.has("Ref") ? arn.get("Ref").asText() : null;
                        if (managed == null || !resources.path(managed).path("Type").asText()
                                .equals("AWS::IAM::ManagedPolicy")) {
                            throw new IllegalArgumentException(id + ": managed policy " + arn + " is not defined in"
                                    + " the template, so it cannot be evaluated offline");
                        }
                        byRole.get(id).addAll(statements(values, managed,
                                resources.get(managed).path("Properties").path("PolicyDocument")));
                    }
                }
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> {
                    for (JsonNode role : properties.path("Roles")) {
                        String roleId = role.path("Ref").asText(null);
                        if (roleId == null || !byRole.containsKey(roleId)) {
                            throw new IllegalArgumentException(id + ": attached to " + role
                                    + ", which is not a role of this template");
                        }
                        byRole.get(roleId).addAll(statements(values, id, properties.path("PolicyDocument")));
                    }
                }
                default -> {
                }
            }
        });
        Map<String, String> roleOfFunction = new LinkedHashMap<>();
        resources.properties().forEach(entry -> {
            JsonNode properties = entry.getValue().path("Properties");
            if (!entry.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                return;
            }
            String handler = properties.path("Handler").asText();
            String function = DrillFunction.ofHandler(handler)
                    .map(DrillFunction::manifestName).orElse(null);
            if (function == null) {
                return; // e.g. a CDK custom resource provider: not one of the drill's functions
            }
            JsonNode role = properties.path("Role").path("Fn::GetAtt");
            if (!role.isArray() || !byRole.containsKey(role.get(0).asText())) {
                throw new IllegalArgumentException(entry.getKey() + ": its Role is not a role of this template: "
                        + properties.path("Role"));
            }
            if (roleOfFunction.put(function, role.get(0).asText()) != null) {
                throw new IllegalArgumentException("two functions serve " + function + " (" + handler + ")");
            }
        });
        return new StackPolicies(values, resources, Map.copyOf(byRole), Map.copyOf(roleOfFunction));
    }

    private static List<Statement> statements(CloudFormationValues values, String where, JsonNode document) {
        JsonNode resolved = values.resolve(document).path("Statement");
        List<Statement> statements = new ArrayList<>();
        int index = 0;
        for (JsonNode statement : resolved.isArray() ? resolved : List.of(resolved)) {
            statements.add(Statement.parse(where + "#" + index++, statement));
        }
        return statements;
    }

    /** The statements of the role the function runs as. */
    List<Statement> ofFunction(String function) {
        String role = roleOfFunction.get(function);
        if (role == null) {
            throw new IllegalArgumentException("no AWS::Lambda::Function of the template serves " + function
                    + "; functions found: " + roleOfFunction.keySet());
        }
        return byRole.get(role);
    }

    /** The statements of the role the drill workflow's state machine (the night's) runs as. */
    List<Statement> ofStateMachine() {
        return ofStateMachine("DrillStateMachine");
    }

    /**
     * The statements of the role of the one state machine whose logical id contains {@code name}
     * ({@code DrillStateMachine}, the night's; {@code RestoreTestingStateMachine}, AWS Backup restore testing's).
     */
    List<Statement> ofStateMachine(String name) {
        List<String> roles = new ArrayList<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals("AWS::StepFunctions::StateMachine")
                    && entry.getKey().contains(name)) {
                JsonNode role = entry.getValue().path("Properties").path("RoleArn").path("Fn::GetAtt");
                if (!role.isArray() || !byRole.containsKey(role.get(0).asText())) {
                    throw new IllegalArgumentException(entry.getKey() + ": its RoleArn is not a role of this template");
                }
                roles.add(role.get(0).asText());
            }
        });
        if (roles.size() != 1) {
            throw new IllegalArgumentException("expected one state machine, found roles " + roles);
        }
        return byRole.get(roles.get(0));
    }

    /** An environment variable of the function (by its manifest name), resolved. */
    String environment(String function, String variable) {
        List<String> found = new ArrayList<>();
        resources.properties().forEach(entry -> {
            JsonNode properties = entry.getValue().path("Properties");
            if (entry.getValue().path("Type").asText().equals("AWS::Lambda::Function")
                    && DrillFunction.ofHandler(properties.path("Handler").asText()).map(DrillFunction::manifestName)
                    .filter(function::equals).isPresent()) {
                JsonNode value = properties.path("Environment").path("Variables").path(variable);
                if (!value.isMissingNode()) {
                    found.add(values.resolve(value).asText());
                }
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException(function + " has no environment variable " + variable);
        }
        return found.get(0);
    }

    /** The ARN of the function (by its manifest name), resolved. */
    String functionArn(String function) {
        List<String> found = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        resources.properties().forEach(entry -> {
            JsonNode properties = entry.getValue().path("Properties");
            if (entry.getValue().path("Type").asText().equals("AWS::Lambda::Function")
                    && DrillFunction.ofHandler(properties.path("Handler").asText()).map(DrillFunction::manifestName)
                    .filter(function::equals).isPresent()) {
                found.add(values.resolve(json.createObjectNode().set("Fn::GetAtt",
                        json.createArrayNode().add(entry.getKey()).add("Arn"))).asText());
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException("no one function serves " + function + ": " + found);
        }
        return found.get(0);
    }

    Map<String, String> roleOfFunction() {
        return roleOfFunction;
    }

    Map<String, List<Statement>> byRole() {
        return byRole;
    }

    /** The name CloudFormation gives the bucket whose logical id starts with the prefix (e.g. ReportsBucket). */
    String bucketName(String logicalIdPrefix) {
        List<String> ids = new ArrayList<>();
        resources.properties().forEach(e -> {
            if (e.getKey().startsWith(logicalIdPrefix) && e.getValue().path("Type").asText().equals("AWS::S3::Bucket")) {
                ids.add(e.getKey());
            }
        });
        if (ids.size() != 1) {
            throw new IllegalArgumentException("expected one bucket whose logical id starts with " + logicalIdPrefix
                    + ", found " + ids);
        }
        return values.ref(ids.get(0));
    }
}
