package io.restoredrill.cli.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.testing.MotoServer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A restore-drill stack deployed into moto through moto's CloudFormation: seven functions (handlers as the real stack
 * has them, code from S3 zips, validate in the VPC, plan with its MAX_CONCURRENCY), their roles, the temporary-instance and validate security groups
 * with the 5432 rules, the reports bucket, the alarm topic, a state machine and the nightly rule whose Input holds
 * two drills (orders: encrypted RDS snapshots; billing: S3 dumps). What moto's CloudFormation cannot do is created
 * directly and said so: the network and DB subnet groups (Ref of AWS::RDS::DBSubnetGroup renders a Python object
 * there), the production instance, its snapshot and KMS key, and the topic's subscription (AWS::SNS::Subscription is
 * accepted but not created). Each test then breaks one thing with a direct API call.
 */
public final class DeployedTestStack implements AutoCloseable {

    public static final String NAME = "restore-drill";
    public static final String STACK_SUBNET_GROUP = "restore-drill-subnets";
    public static final String PRODUCTION = "orders-prod";
    /** The plan function's MAX_CONCURRENCY, as the stack's maxConcurrency setting deploys it. */
    public static final String MAX_CONCURRENCY = "10";
    public static final String SNAPSHOT = "orders-manual-2026-11-30";
    /** A password of the production instance: it must never reach the preflight's output. */
    public static final String PRODUCTION_PASSWORD = "prod-Password-never-printed-7";
    static final String CODE_BUCKET = "preflight-code";
    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIEBjCCAu6gAwIBAgIJAMc0ZzaSUK51MA0GCSqGSIb3DQEBCwUAMIGPMQswCQYD\n"
            + "-----END CERTIFICATE-----\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MotoRdsAccount account;
    private final String vpcId;
    private final String kmsKeyArn;

    private DeployedTestStack(MotoRdsAccount account, String vpcId, String kmsKeyArn) {
        this.account = account;
        this.vpcId = vpcId;
        this.kmsKeyArn = kmsKeyArn;
    }

    /** Resets moto and deploys the passing stack. */
    public static DeployedTestStack deploy() {
        MotoRdsAccount account = MotoRdsAccount.create();
        RdsClient rds = account.rds();
        var group = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(MotoRdsAccount.SUBNET_GROUP)).dbSubnetGroups().get(0);
        String vpc = group.vpcId();
        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(STACK_SUBNET_GROUP).dbSubnetGroupDescription("stack")
                .subnetIds(group.subnets().stream().map(s -> s.subnetIdentifier()).toList()));
        String key;
        try (KmsClient kms = client(KmsClient.builder())) {
            key = kms.createKey(r -> r.description("orders snapshots")).keyMetadata().arn();
        }
        rds.createDBInstance(r -> r.dbInstanceIdentifier(PRODUCTION).engine("postgres").engineVersion("15.5")
                .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword(PRODUCTION_PASSWORD)
                .allocatedStorage(20).storageEncrypted(true).kmsKeyId(key).dbSubnetGroupName(MotoRdsAccount.SUBNET_GROUP));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(PRODUCTION).dbSnapshotIdentifier(SNAPSHOT));
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.createBucket(r -> r.bucket(CODE_BUCKET));
            s3.putObject(r -> r.bucket(CODE_BUCKET).key("validate.jar"),
                    RequestBody.fromBytes(validateZip()));
            s3.putObject(r -> r.bucket(CODE_BUCKET).key("validate-without-ca.jar"),
                    RequestBody.fromBytes(validateWithoutCaZip()));
            s3.putObject(r -> r.bucket(CODE_BUCKET).key("other.jar"), RequestBody.fromBytes(zip(Map.of("a.class", "x"))));
        }
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
            cloudFormation.createStack(r -> r.stackName(NAME).templateBody(template(vpc, group.subnets().stream()
                    .map(s -> s.subnetIdentifier()).toList())));
        }
        DeployedTestStack stack = new DeployedTestStack(account, vpc, key);
        try (SnsClient sns = client(SnsClient.builder())) {
            sns.subscribe(r -> r.topicArn(stack.output("AlarmTopicArn")).protocol("email").endpoint("oncall@example.com"));
        }
        return stack;
    }

    public static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return MotoServer.configure(builder).build();
    }

    public String kmsKeyArn() {
        return kmsKeyArn;
    }

    public String vpcId() {
        return vpcId;
    }

    public RdsClient rds() {
        return account.rds();
    }

    public String output(String key) {
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
            return cloudFormation.describeStacks(r -> r.stackName(NAME)).stacks().get(0).outputs().stream()
                    .filter(o -> o.outputKey().equals(key)).findFirst().orElseThrow().outputValue();
        }
    }

    public String physicalId(String logicalId) {
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
            return cloudFormation.listStackResources(r -> r.stackName(NAME)).stackResourceSummaries().stream()
                    .filter(s -> s.logicalResourceId().equals(logicalId)).map(StackResourceSummary::physicalResourceId)
                    .findFirst().orElseThrow();
        }
    }

    public String validateSecurityGroupId() {
        return physicalId("ValidateFunctionSecurityGroup");
    }

    public void disableSchedule() {
        try (EventBridgeClient events = client(EventBridgeClient.builder())) {
            events.disableRule(r -> r.name(physicalId("NightlyDrillSchedule")));
        }
    }

    /** The CDK bootstrap bucket the drill list asset is uploaded to, as `cdk deploy` names it. */
    public static final String ASSET_BUCKET = "cdk-hnb659fds-assets-123456789012-us-east-1";
    public static final String ASSET_KEY = "4f1c2b9e0d8a7f6e5d4c3b2a19081726354a5b6c7d8e9f0a1b2c3d4e5f607182.json";

    /**
     * Makes the nightly rule's Input name the deployed drill list, as the fleet stack deploys it: the drills as an
     * asset object in the bootstrap bucket, the Input {@code {"drillList": {"bucket", "key"}}}. With
     * {@code upload} false the object is not there (an asset deleted by hand).
     */
    public void scheduleFromDrillList(boolean upload) {
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.createBucket(r -> r.bucket(ASSET_BUCKET));
            if (upload) {
                s3.putObject(r -> r.bucket(ASSET_BUCKET).key(ASSET_KEY), RequestBody.fromString(drills()));
            }
        }
        try (EventBridgeClient events = client(EventBridgeClient.builder())) {
            events.putTargets(r -> r.rule(physicalId("NightlyDrillSchedule")).targets(t -> t.id("Target0")
                    .arn(output("StateMachineArn"))
                    .input("{\"drillList\": {\"bucket\": \"" + ASSET_BUCKET + "\", \"key\": \"" + ASSET_KEY + "\"}}")));
        }
    }

    public void unsubscribeAll() {
        try (SnsClient sns = client(SnsClient.builder())) {
            sns.listSubscriptionsByTopic(r -> r.topicArn(output("AlarmTopicArn"))).subscriptions()
                    .forEach(s -> sns.unsubscribe(r -> r.subscriptionArn(s.subscriptionArn())));
        }
    }

    public void deleteReportsBucket() {
        try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
            s3.deleteBucket(r -> r.bucket(output("ReportsBucketName")));
        }
    }

    public void revokePostgresFromValidate() {
        try (Ec2Client ec2 = client(Ec2Client.builder())) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(output("TemporaryInstanceSecurityGroupId"))
                    .ipPermissions(p -> p.ipProtocol("tcp").fromPort(5432).toPort(5432)
                            .userIdGroupPairs(g -> g.groupId(validateSecurityGroupId()))));
        }
    }

    public void disableKey() {
        try (KmsClient kms = client(KmsClient.builder())) {
            // moto 5.2.1 answers 500 to DisableKey by ARN; by key id it works.
            kms.disableKey(r -> r.keyId(kmsKeyArn.substring(kmsKeyArn.indexOf("key/") + 4)));
        }
    }

    public void deleteSnapshots() {
        account.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(SNAPSHOT));
    }

    /** Replaces the stack's subnet group by one that covers a single AZ (moto accepts it; RDS would not). */
    public void shrinkStackSubnetGroupToOneZone() {
        RdsClient rds = account.rds();
        var group = rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(STACK_SUBNET_GROUP)).dbSubnetGroups().get(0);
        rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(STACK_SUBNET_GROUP));
        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(STACK_SUBNET_GROUP).dbSubnetGroupDescription("stack")
                .subnetIds(group.subnets().get(0).subnetIdentifier()));
    }

    /** Points the validate function at a package without the RDS CA bundle. */
    public void deployValidateWithoutCaBundle() {
        try (var lambda = client(software.amazon.awssdk.services.lambda.LambdaClient.builder())) {
            lambda.updateFunctionCode(r -> r.functionName(physicalId("ValidateFunction")).s3Bucket(CODE_BUCKET)
                    .s3Key("validate-without-ca.jar"));
        }
    }

    /** The validate package with the RDS CA bundle (two certificates), where lambda-validate's build puts it. */
    public static byte[] validateZip() {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("io/restoredrill/lambda/validate/ValidateHandler.class", "x");
        entries.put("rds-ca/global-bundle.pem", PEM + PEM);
        return zip(entries);
    }

    public static byte[] validateWithoutCaZip() {
        return zip(Map.of("io/restoredrill/lambda/validate/ValidateHandler.class", "x"));
    }

    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The drills of the nightly rule, as the real stack writes them into the target's Input. */
    static String drills() {
        return """
                {"drills": [
                  {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                   "maxBackupAgeHours": 26,
                   "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "restore-drill-subnets"}},
                   "checks": [{"name": "orders exist", "sql": "SELECT count(*) FROM orders", "expect": "> 0"}]},
                  {"name": "billing", "source": {"s3": "s3://backups/billing/"},
                   "target": {"rds": {"instanceClass": "db.t4g.small"}}}
                ]}
                """;
    }

    private static String template(String vpc, java.util.List<String> subnets) {
        ObjectNode template = JSON.createObjectNode();
        ObjectNode resources = template.putObject("Resources");
        Map<String, String> handlers = Map.of(
                "Restore", "io.restoredrill.lambda.restore.RestoreHandler::handleRequest",
                "Status", "io.restoredrill.lambda.restore.StatusHandler::handleRequest",
                "Validate", "io.restoredrill.lambda.validate.ValidateHandler::handleRequest",
                "Cleanup", "io.restoredrill.lambda.cleanup.CleanupHandler::handleRequest",
                "Reaper", "io.restoredrill.lambda.cleanup.ReaperHandler::handleRequest",
                "Plan", "io.restoredrill.lambda.fleet.PlanHandler::handleRequest",
                "Summarize", "io.restoredrill.lambda.fleet.SummarizeHandler::handleRequest",
                "Audit", "io.restoredrill.lambda.fleet.AuditHandler::handleRequest");
        resources.set("TemporaryInstanceSecurityGroup", securityGroup(vpc, "temporary instances"));
        resources.set("ValidateFunctionSecurityGroup", securityGroup(vpc, "validate function"));
        resources.set("PostgresFromValidate", JSON.valueToTree(Map.of("Type", "AWS::EC2::SecurityGroupIngress",
                "Properties", Map.of("GroupId", getAtt("TemporaryInstanceSecurityGroup", "GroupId"), "IpProtocol", "tcp",
                        "FromPort", 5432, "ToPort", 5432,
                        "SourceSecurityGroupId", getAtt("ValidateFunctionSecurityGroup", "GroupId")))));
        resources.set("PostgresToTemporaryInstances", JSON.valueToTree(Map.of("Type", "AWS::EC2::SecurityGroupEgress",
                "Properties", Map.of("GroupId", getAtt("ValidateFunctionSecurityGroup", "GroupId"), "IpProtocol", "tcp",
                        "FromPort", 5432, "ToPort", 5432,
                        "DestinationSecurityGroupId", getAtt("TemporaryInstanceSecurityGroup", "GroupId")))));
        handlers.forEach((name, handler) -> {
            resources.set(name + "FunctionRole", role("lambda.amazonaws.com"));
            ObjectNode properties = JSON.createObjectNode();
            properties.put("Runtime", "java21").put("Handler", handler).put("MemorySize", 1024).put("Timeout", 120);
            properties.set("Role", getAtt(name + "FunctionRole", "Arn"));
            properties.set("Code", JSON.valueToTree(Map.of("S3Bucket", CODE_BUCKET,
                    "S3Key", name.equals("Validate") ? "validate.jar" : "other.jar")));
            if (name.equals("Validate")) {
                properties.set("VpcConfig", JSON.valueToTree(Map.of("SubnetIds", subnets,
                        "SecurityGroupIds", java.util.List.of(getAtt("ValidateFunctionSecurityGroup", "GroupId")))));
                properties.set("Environment", JSON.valueToTree(Map.of("Variables",
                        Map.of("REPORTS_BUCKET", Map.of("Ref", "ReportsBucket"), "REPORTS_PREFIX", "reports/"))));
            }
            if (name.equals("Plan")) {
                properties.set("Environment", JSON.valueToTree(Map.of("Variables", Map.of(
                        "REPORTS_BUCKET", Map.of("Ref", "ReportsBucket"), "MAX_CONCURRENCY", MAX_CONCURRENCY,
                        "DEFAULT_DB_SUBNET_GROUP", STACK_SUBNET_GROUP, "DRILL_LIST_BUCKET", ASSET_BUCKET,
                        "DRILL_LIST_KEY", ASSET_KEY))));
            }
            resources.set(name + "Function", JSON.createObjectNode().put("Type", "AWS::Lambda::Function")
                    .set("Properties", properties));
        });
        resources.set("ReportsBucket", JSON.createObjectNode().put("Type", "AWS::S3::Bucket"));
        resources.set("AlarmTopic", JSON.createObjectNode().put("Type", "AWS::SNS::Topic"));
        resources.set("StateMachineRole", role("states.amazonaws.com"));
        resources.set("DrillStateMachine", JSON.valueToTree(Map.of("Type", "AWS::StepFunctions::StateMachine",
                "Properties", Map.of("RoleArn", getAtt("StateMachineRole", "Arn"),
                        "DefinitionString", "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}"))));
        resources.set("NightlyDrillSchedule", JSON.valueToTree(Map.of("Type", "AWS::Events::Rule",
                "Properties", Map.of("ScheduleExpression", "cron(0 3 * * ? *)", "State", "ENABLED",
                        "Targets", java.util.List.of(Map.of("Id", "Target0", "Arn", Map.of("Ref", "DrillStateMachine"),
                                "Input", drills()))))));
        resources.set("ReaperSchedule", JSON.valueToTree(Map.of("Type", "AWS::Events::Rule",
                "Properties", Map.of("ScheduleExpression", "rate(1 hour)", "State", "ENABLED",
                        "Targets", java.util.List.of(Map.of("Id", "Target0", "Arn", getAtt("ReaperFunction", "Arn")))))));
        ObjectNode outputs = template.putObject("Outputs");
        outputs.set("StateMachineArn", JSON.valueToTree(Map.of("Value", Map.of("Ref", "DrillStateMachine"))));
        outputs.set("ReportsBucketName", JSON.valueToTree(Map.of("Value", Map.of("Ref", "ReportsBucket"))));
        outputs.set("TemporaryInstanceSecurityGroupId",
                JSON.valueToTree(Map.of("Value", getAtt("TemporaryInstanceSecurityGroup", "GroupId"))));
        outputs.set("TemporaryInstanceSubnetGroupName", JSON.valueToTree(Map.of("Value", STACK_SUBNET_GROUP)));
        outputs.set("AlarmTopicArn", JSON.valueToTree(Map.of("Value", Map.of("Ref", "AlarmTopic"))));
        return template.toString();
    }

    private static ObjectNode securityGroup(String vpc, String description) {
        return JSON.valueToTree(Map.of("Type", "AWS::EC2::SecurityGroup",
                "Properties", Map.of("GroupDescription", description, "VpcId", vpc)));
    }

    private static ObjectNode role(String service) {
        return JSON.valueToTree(Map.of("Type", "AWS::IAM::Role", "Properties", Map.of("AssumeRolePolicyDocument",
                Map.of("Version", "2012-10-17", "Statement", java.util.List.of(Map.of("Effect", "Allow",
                        "Principal", Map.of("Service", service), "Action", "sts:AssumeRole"))))));
    }

    private static ObjectNode getAtt(String resource, String attribute) {
        ArrayNode args = JSON.createArrayNode().add(resource).add(attribute);
        ObjectNode node = JSON.createObjectNode();
        node.set("Fn::GetAtt", args);
        return node;
    }

    @Override
    public void close() {
        account.close();
    }
}
