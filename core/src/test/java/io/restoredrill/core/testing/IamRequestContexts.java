package io.restoredrill.core.testing;

import io.restoredrill.core.domain.DrillTags;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps an SDK request to the IAM request context AWS authorizes it with: the action (service prefix and
 * operation; S3's operations have IAM names of their own), the resources it names, its request tags and the
 * request parameters that condition keys read.
 *
 * <p>Sources: the Service Authorization Reference's pages for Amazon RDS, Amazon S3 and AWS Secrets Manager
 * (actions, resource types, condition keys), https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html,
 * .../list_amazons3.html, .../list_awssecretsmanager.html; and "Amazon S3 API operations mapped to permissions"
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html (ListObjectsV2 is
 * s3:ListBucket, HeadObject is s3:GetObject).
 */
final class IamRequestContexts {

    /** IAM service prefixes of the SDK's service names. */
    private static final Map<String, String> PREFIX = Map.ofEntries(
            Map.entry("Rds", "rds"), Map.entry("S3", "s3"), Map.entry("SecretsManager", "secretsmanager"),
            Map.entry("Kms", "kms"), Map.entry("Sfn", "states"), Map.entry("Lambda", "lambda"),
            Map.entry("CloudWatch", "cloudwatch"), Map.entry("CloudWatchLogs", "logs"),
            Map.entry("EventBridge", "events"), Map.entry("Ec2", "ec2"), Map.entry("Sts", "sts"),
            Map.entry("Iam", "iam"), Map.entry("Sns", "sns"));

    private static final Map<String, String> S3_ACTIONS = Map.ofEntries(
            Map.entry("ListObjectsV2", "s3:ListBucket"), Map.entry("ListObjects", "s3:ListBucket"),
            Map.entry("HeadBucket", "s3:ListBucket"), Map.entry("GetObject", "s3:GetObject"),
            Map.entry("HeadObject", "s3:GetObject"), Map.entry("PutObject", "s3:PutObject"),
            Map.entry("CreateMultipartUpload", "s3:PutObject"), Map.entry("UploadPart", "s3:PutObject"),
            Map.entry("CompleteMultipartUpload", "s3:PutObject"), Map.entry("DeleteObject", "s3:DeleteObject"),
            Map.entry("DeleteObjects", "s3:DeleteObject"));

    /** RDS request members that name a resource, and the resource type of the ARN they name. */
    private static final Map<String, String> RDS_RESOURCES = new LinkedHashMap<>();

    static {
        RDS_RESOURCES.put("DBInstanceIdentifier", "db");
        RDS_RESOURCES.put("DBSnapshotIdentifier", "snapshot");
        RDS_RESOURCES.put("SourceDBSnapshotIdentifier", "snapshot");
        RDS_RESOURCES.put("TargetDBSnapshotIdentifier", "snapshot");
        RDS_RESOURCES.put("DBSubnetGroupName", "subgrp");
        RDS_RESOURCES.put("DBParameterGroupName", "pg");
        RDS_RESOURCES.put("OptionGroupName", "og");
        // Aurora clusters (RestoreDBClusterFromSnapshot names its cluster snapshot SnapshotIdentifier).
        RDS_RESOURCES.put("DBClusterIdentifier", "cluster");
        RDS_RESOURCES.put("DBClusterSnapshotIdentifier", "cluster-snapshot");
        RDS_RESOURCES.put("SourceDBClusterSnapshotIdentifier", "cluster-snapshot");
        RDS_RESOURCES.put("TargetDBClusterSnapshotIdentifier", "cluster-snapshot");
        RDS_RESOURCES.put("SnapshotIdentifier", "cluster-snapshot");
        RDS_RESOURCES.put("ResourceName", null); // AddTagsToResource, ListTagsForResource: already an ARN
    }

    /** RDS request members that condition keys read (Service Authorization Reference, Amazon RDS). */
    private static final Map<String, String> RDS_KEYS = Map.of(
            "PubliclyAccessible", "rds:PubliclyAccessible",
            "ManageMasterUserPassword", "rds:ManageMasterUserPassword");

    /**
     * Request members a call sends that IAM never sees as their key: RestoreDBClusterFromSnapshot takes a
     * PubliclyAccessible parameter (the code sends false) but the Service Authorization Reference gives the action no
     * rds:PubliclyAccessible key. Elsewhere the member is recorded as its key, so that a call sending it where no
     * manifest entry expects it (a ModifyDBInstance that would also make an instance public) stays unlisted.
     */
    private static final Map<String, Set<String>> KEY_NOT_IN_CONTEXT = Map.of(
            "rds:PubliclyAccessible", Set.of("RestoreDBClusterFromSnapshot"));

    private IamRequestContexts() {
    }

    static RecordedCall of(String function, String serviceName, String operation, SdkRequest request) {
        String prefix = PREFIX.getOrDefault(serviceName, serviceName.toLowerCase(Locale.ROOT));
        String action = prefix.equals("s3") ? S3_ACTIONS.getOrDefault(operation, "s3:" + operation)
                : prefix + ":" + operation;
        List<String> resources = new ArrayList<>();
        Map<String, List<String>> context = new LinkedHashMap<>();
        switch (prefix) {
            case "rds" -> rds(operation, request, resources, context);
            case "s3" -> s3(request, resources, context);
            case "secretsmanager" -> text(request, "SecretId").ifPresent(id -> resources.add(id.startsWith("arn:") ? id
                    : "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:" + id));
            // AssumeRole is authorized against the role (Service Authorization Reference, AWS STS: resource type role).
            case "sts" -> text(request, "RoleArn").ifPresent(arn -> resources.add(arn.startsWith("arn:aws:")
                    ? "arn:${Partition}:" + arn.substring("arn:aws:".length()) : arn));
            default -> {
            }
        }
        if (resources.isEmpty()) {
            resources.add("*");
        }
        return new RecordedCall(function, action, resources, context);
    }

    private static void rds(String operation, SdkRequest request, List<String> resources,
                            Map<String, List<String>> context) {
        RDS_RESOURCES.forEach((member, type) -> text(request, member).ifPresent(value -> resources.add(
                value.startsWith("arn:") || type == null ? value
                        : "arn:${Partition}:rds:${Region}:${Account}:" + type + ":" + value)));
        RDS_KEYS.forEach((member, key) -> request.getValueForField(member, Boolean.class)
                .filter(value -> !KEY_NOT_IN_CONTEXT.getOrDefault(key, Set.of()).contains(operation))
                .ifPresent(value -> context.put(key, List.of(value.toString()))));
        request.getValueForField("Tags", List.class).ifPresent(tags -> {
            List<String> keys = new ArrayList<>();
            for (Object tag : tags) {
                String key = member(tag, "Key");
                keys.add(key);
                context.put("aws:RequestTag/" + key, List.of(member(tag, "Value")));
            }
            if (!keys.isEmpty()) {
                context.put("aws:TagKeys", List.copyOf(keys));
            }
        });
    }

    private static void s3(SdkRequest request, List<String> resources, Map<String, List<String>> context) {
        Optional<String> bucket = text(request, "Bucket");
        Optional<String> key = text(request, "Key");
        bucket.ifPresent(b -> resources.add("arn:${Partition}:s3:::" + b + key.map(k -> "/" + k).orElse("")));
        text(request, "Prefix").ifPresent(p -> context.put("s3:prefix", List.of(p)));
    }

    private static Optional<String> text(SdkRequest request, String member) {
        return request.getValueForField(member, String.class).filter(s -> !s.isEmpty());
    }

    private static String member(Object pojo, String name) {
        for (SdkField<?> field : ((SdkPojo) pojo).sdkFields()) {
            if (field.memberName().equals(name)) {
                Object value = field.getValueOrDefault(pojo);
                return value == null ? "" : value.toString();
            }
        }
        throw new IllegalArgumentException(pojo.getClass().getName() + " has no member " + name);
    }

    /**
     * Context keys whose values are a drill's data, not a decision of the code: the drill's name, the execution and
     * the expiry in the request tags, and the S3 prefix of a drill's dumps. A manifest entry must declare them,
     * with an example value; the recorder compares every other key's values exactly.
     */
    static boolean isDrillData(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("s3:prefix")
                || lower.equals(("aws:RequestTag/" + DrillTags.DRILL).toLowerCase(Locale.ROOT))
                || lower.equals(("aws:RequestTag/" + DrillTags.EXECUTION).toLowerCase(Locale.ROOT))
                || lower.equals(("aws:RequestTag/" + DrillTags.EXPIRES_AT).toLowerCase(Locale.ROOT));
    }
}
