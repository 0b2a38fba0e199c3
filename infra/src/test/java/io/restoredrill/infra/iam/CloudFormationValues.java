package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsics that synthesized policies use to the concrete values CloudFormation
 * would give them in one account and region: Ref of a pseudo parameter (AWS::Partition, AWS::Region,
 * AWS::AccountId, AWS::URLSuffix, AWS::StackName), Ref and Fn::GetAtt of the stack's own resources (a bucket's
 * name and Arn, a log group's Arn, ...), Fn::Join and Fn::Sub. A resource without an explicit name gets a
 * generated one of CloudFormation's shape (stack name, logical id). Anything else is an error naming it, so a
 * new intrinsic in a policy cannot be evaluated as some text it never is.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
final class CloudFormationValues {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final JsonNode resources;
    private final JsonNode parameters;
    private final String partition;
    private final String region;
    private final String account;
    private final String stackName;

    CloudFormationValues(JsonNode template, String partition, String region, String account, String stackName) {
        this.resources = template.path("Resources");
        this.parameters = template.path("Parameters");
        this.partition = partition;
        this.region = region;
        this.account = account;
        this.stackName = stackName;
    }

    /** The node with every intrinsic replaced by its value. */
    JsonNode resolve(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(resolve(item)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String name = node.fieldNames().next();
            JsonNode argument = node.get(name);
            switch (name) {
                case "Ref":
                    return TextNode.valueOf(ref(argument.asText()));
                case "Fn::GetAtt":
                    return TextNode.valueOf(getAtt(argument));
                case "Fn::Join": {
                    StringBuilder text = new StringBuilder();
                    JsonNode parts = resolve(argument.get(1));
                    for (int i = 0; i < parts.size(); i++) {
                        text.append(i == 0 ? "" : argument.get(0).asText()).append(text(parts.get(i), "Fn::Join"));
                    }
                    return TextNode.valueOf(text.toString());
                }
                case "Fn::Sub":
                    return TextNode.valueOf(sub(argument));
                default:
                    if (name.startsWith("Fn::") || name.equals("Condition")) {
                        throw new IllegalArgumentException("intrinsic " + name + " is not resolved by this evaluator: "
                                + node);
                    }
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(e -> out.set(e.getKey(), resolve(e.getValue())));
        return out;
    }

    /** The text a node resolves to. */
    String text(JsonNode node) {
        return text(resolve(node), "value");
    }

    private static String text(JsonNode node, String where) {
        if (!node.isValueNode()) {
            throw new IllegalArgumentException(where + ": expected text, found " + node);
        }
        return node.asText();
    }

    String ref(String name) {
        switch (name) {
            case "AWS::Partition":
                return partition;
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return account;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stackName;
            default:
                break;
        }
        if (parameters.has(name)) {
            JsonNode value = parameters.get(name).get("Default");
            if (value == null) {
                throw new IllegalArgumentException("Ref " + name + ": a parameter without a Default");
            }
            return value.asText();
        }
        JsonNode resource = resource(name);
        String type = resource.get("Type").asText();
        return switch (type) {
            case "AWS::S3::Bucket" -> physicalName(name, resource, "BucketName").toLowerCase(Locale.ROOT);
            case "AWS::Logs::LogGroup" -> physicalName(name, resource, "LogGroupName");
            case "AWS::Lambda::Function" -> physicalName(name, resource, "FunctionName");
            case "AWS::IAM::Role" -> physicalName(name, resource, "RoleName");
            case "AWS::SNS::Topic" -> "arn:" + partition + ":sns:" + region + ":" + account + ":"
                    + physicalName(name, resource, "TopicName");
            case "AWS::StepFunctions::StateMachine" -> "arn:" + partition + ":states:" + region + ":" + account
                    + ":stateMachine:" + physicalName(name, resource, "StateMachineName");
            case "AWS::EC2::SecurityGroup" -> "sg-" + Integer.toHexString(name.hashCode());
            case "AWS::RDS::DBSubnetGroup" -> physicalName(name, resource, "DBSubnetGroupName").toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("Ref " + name + " of type " + type
                    + " is not resolved by this evaluator");
        };
    }

    String getAtt(JsonNode argument) {
        String name;
        String attribute;
        if (argument.isTextual()) {
            String[] parts = argument.asText().split("\\.", 2);
            name = parts[0];
            attribute = parts[1];
        } else {
            name = argument.get(0).asText();
            attribute = argument.get(1).asText();
        }
        JsonNode resource = resource(name);
        String type = resource.get("Type").asText();
        return switch (type + "." + attribute) {
            case "AWS::S3::Bucket.Arn" -> "arn:" + partition + ":s3:::" + ref(name);
            case "AWS::Logs::LogGroup.Arn" -> "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:"
                    + ref(name) + ":*";
            case "AWS::Lambda::Function.Arn" -> "arn:" + partition + ":lambda:" + region + ":" + account + ":function:"
                    + ref(name);
            case "AWS::IAM::Role.Arn" -> "arn:" + partition + ":iam::" + account + ":role/" + ref(name);
            case "AWS::SNS::Topic.TopicArn" -> ref(name);
            case "AWS::StepFunctions::StateMachine.Arn" -> ref(name);
            case "AWS::StepFunctions::StateMachine.Name" -> ref(name).substring(ref(name).lastIndexOf(':') + 1);
            case "AWS::EC2::SecurityGroup.GroupId" -> ref(name);
            default -> throw new IllegalArgumentException("Fn::GetAtt " + name + "." + attribute + " (" + type
                    + ") is not resolved by this evaluator");
        };
    }

    private String sub(JsonNode argument) {
        String template = argument.isArray() ? argument.get(0).asText() : argument.asText();
        Map<String, JsonNode> variables = new java.util.HashMap<>();
        if (argument.isArray() && argument.size() > 1) {
            argument.get(1).properties().forEach(e -> variables.put(e.getKey(), e.getValue()));
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value;
            if (variables.containsKey(variable)) {
                value = text(variables.get(variable));
            } else if (variable.contains(".")) {
                value = getAtt(TextNode.valueOf(variable));
            } else {
                value = ref(variable);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private JsonNode resource(String logicalId) {
        JsonNode resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("no resource " + logicalId + " in the template");
        }
        return resource;
    }

    /** The name the template gives the resource, or one of CloudFormation's generated shape. */
    private String physicalName(String logicalId, JsonNode resource, String property) {
        JsonNode name = resource.path("Properties").get(property);
        if (name != null) {
            return text(name);
        }
        return stackName + "-" + logicalId + "-gen0example";
    }
}
