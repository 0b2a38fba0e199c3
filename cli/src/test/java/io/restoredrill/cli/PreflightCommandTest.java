package io.restoredrill.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restoredrill.cli.preflight.DeployedTestStack;
import io.restoredrill.cli.preflight.RdsQuotaStandIn;
import io.restoredrill.cli.preflight.SimulatorStandIn;
import io.restoredrill.cli.preflight.aws.LambdaFunctionPackages;
import io.restoredrill.cli.preflight.aws.PreflightWiring;
import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.rds.model.DescribeAccountAttributesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSubnetGroupsRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-drill preflight} end to end, in process, against a stack deployed into moto (see
 * {@link DeployedTestStack} for what moto's CloudFormation creates and what is created directly). moto serves no
 * iam:SimulatePrincipalPolicy: {@link SimulatorStandIn} (WireMock) answers it with the documented XML, allowed unless a
 * test says otherwise, so these tests prove the questions asked and the reading of the answers, not AWS's decisions.
 * moto's Lambda returns a Code.Location on an unreachable amazonaws.com host; the test's download fetches the same
 * path from a WireMock "code host" serving the zips uploaded to moto. moto serves no rds:DescribeAccountAttributes:
 * RDS calls go through {@link RdsQuotaStandIn}, which passes the others on to moto and answers that one with the
 * documented response.
 */
class PreflightCommandTest {

    private static final String ACCESS_KEY_ID = "AKIAPREFLIGHTTEST0001";
    private static final String SECRET_ACCESS_KEY = "preflight/Secret+Access+Key/never/printed";
    private static final String SESSION_TOKEN = "preflight-session-token-never-printed";

    private static SimulatorStandIn iam;
    private static WireMockServer codeHost;
    private static RdsQuotaStandIn rdsQuotas;
    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    private DeployedTestStack stack;

    @BeforeAll
    static void standIns() {
        iam = new SimulatorStandIn();
        codeHost = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        codeHost.start();
        rdsQuotas = new RdsQuotaStandIn();
    }

    @AfterAll
    static void stopStandIns() {
        iam.close();
        codeHost.stop();
        rdsQuotas.close();
    }

    @BeforeEach
    void deploy() {
        iam.server().resetRequests();
        iam.decide("none", "allowed");
        stack = DeployedTestStack.deploy();
        rdsQuotas.reset();
        codeHost.resetAll();
        codeHost.stubFor(get(urlPathEqualTo("/validate.jar")).willReturn(aResponse().withBody(
                DeployedTestStack.validateZip())));
        codeHost.stubFor(get(urlPathEqualTo("/validate-without-ca.jar")).willReturn(aResponse().withBody(
                DeployedTestStack.validateWithoutCaZip())));
    }

    @AfterEach
    void close() {
        stack.close();
    }

    @Test
    void aReadyStackPassesEveryCheckAndExitsZero() {
        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("restore-drill preflight restore-drill (us-east-1, account 123456789012)")
                .containsPattern("PASS +stack +stack deployed +restore-drill is CREATE_COMPLETE")
                .containsPattern("PASS +stack +schedule enabled +rule .* is ENABLED, 2 drills")
                .containsPattern("PASS +stack +alarm subscription +1 confirmed, 0 pending")
                // billing restores S3 dumps into a blank instance of the default 20 GiB
                .containsPattern("PASS +stack +RDS quota leaves room +the RDS quota of 40 DB instances leaves 18 now"
                        + " \\(22 in use\\); storage quota 100000 GiB, 3500 GiB in use, 20 GiB a blank instance: room"
                        + " for 10 drills at a time \\(MAX_CONCURRENCY\\)\n")
                .containsPattern("PASS +stack +reports bucket writable +bucket .* exists; IAM allows validate's role")
                .containsPattern("PASS +stack +RDS CA bundle in validate +rds-ca/global-bundle.pem in .* \\(2 certificates\\)")
                .containsPattern("PASS +orders +snapshots visible +1 manual of orders-prod; newest "
                        + DeployedTestStack.SNAPSHOT + " \\(manual, ")
                .containsPattern("PASS +orders +snapshot key usable +KMS key " + stack.kmsKeyArn() + " is Enabled")
                .containsPattern("PASS +orders +subnet group covers two AZs +restore-drill-subnets covers us-east-1a, us-east-1b")
                .containsPattern("PASS +orders +validate reaches the instance on 5432 +sg-\\w+ admits tcp/5432 from validate's sg-")
                // columns as wide as the longest subject and check: the manifest's functions decide them
                .containsPattern("PASS +orders +restore may RestoreDBInstanceFromDBSnapshot +allowed on"
                        + " arn:aws:rds:us-east-1:123456789012:db:restore-drill-orders-")
                .contains(":snapshot:" + DeployedTestStack.SNAPSHOT + ", arn:aws:rds:us-east-1:123456789012:subgrp:"
                        + DeployedTestStack.STACK_SUBNET_GROUP + "\n")
                .containsPattern("PASS +billing +restore may CreateDBInstance +allowed on arn:aws:rds:us-east-1:"
                        + "123456789012:db:restore-drill-billing-[0-9a-f]{12}, arn:aws:rds:us-east-1:123456789012:subgrp:"
                        + DeployedTestStack.STACK_SUBNET_GROUP)
                .containsPattern("PASS +billing +subnet group covers two AZs")
                .containsPattern("PASS +billing +validate reaches the instance on 5432")
                .doesNotContain("FAIL").doesNotContain("fix:")
                .endsWith("0 failed\n");
        // billing's backups are S3 dumps: no snapshot check for it.
        assertThat(run.out()).doesNotContainPattern("billing +snapshots visible");
        for (FunctionCall call : FunctionCalls.load()) {
            // This stack has no AWS Backup restore testing: those functions are not deployed, and not asked about.
            assertThat(run.out()).containsPattern("PASS +" + call.function() + " +" + call.action() + " +"
                    + (io.restoredrill.cli.preflight.Preflight.OPTIONAL_FUNCTIONS.contains(call.function())
                    ? "not deployed: the stack does not validate AWS Backup restore tests" : "allowed on "));
        }
    }

    @Test
    void aStackThatDoesNotExistIsAUsageError() {
        Run run = preflight("--stack", "no-such-stack");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("stack no-such-stack does not exist in this account and region");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutStackOptionItIsAUsageError() {
        Run run = preflight();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--stack=<name>'");
    }

    @Test
    void helpNamesTheOptionAndTheExitCodes() {
        Run run = preflight("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--stack=<name>").contains("1   a check failed")
                .contains("2   usage or configuration error");
    }

    @Test
    void aQuotaThatLeavesFewerInstancesThanTheConcurrencyWarnsThatDrillsQueueAndStillPasses() {
        rdsQuotas.quotas(36, 40, 3_500, 100_000);

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("WARN +stack +RDS quota leaves room +the RDS quota of 40 DB instances"
                        + " leaves 4 now \\(36 in use\\).*: drills will queue, 4 at a time instead of 10 \\(MAX_CONCURRENCY\\)")
                .contains("fix: ask for a higher \"DB instances\" quota in Service Quotas (Amazon RDS; at least 46 runs"
                        + " 10 drills at a time), or deploy with -c maxConcurrency=4")
                .endsWith(" passed, 1 warning, 0 failed\n");
    }

    @Test
    void aQuotaUsedUpFailsBecauseTheNightWouldFailAtItsPlan() {
        rdsQuotas.quotas(40, 40, 3_500, 100_000);

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +stack +RDS quota leaves room +the RDS quota of 40 DB instances"
                        + " leaves 0 now \\(40 in use\\).*: no drill can start; the night fails at its plan step")
                .contains("fix: delete DB instances no longer needed, or ask for a higher \"DB instances\" quota")
                .endsWith("1 failed\n");
    }

    @Test
    void aScheduleThatNamesTheDeployedDrillListIsCheckedDrillByDrillFromThatList() {
        stack.scheduleFromDrillList(true);

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("PASS +stack +schedule enabled +rule .* is ENABLED, 2 drills \\(s3://"
                        + DeployedTestStack.ASSET_BUCKET + "/" + DeployedTestStack.ASSET_KEY + "\\)")
                .containsPattern("PASS +orders +snapshots visible")
                .containsPattern("PASS +billing +restore may CreateDBInstance")
                .endsWith(" 0 failed\n");
        assertThat(sent(GetObjectRequest.class)).singleElement().satisfies(r -> {
            assertThat(r.bucket()).isEqualTo(DeployedTestStack.ASSET_BUCKET);
            assertThat(r.key()).isEqualTo(DeployedTestStack.ASSET_KEY);
        });
    }

    @Test
    void aDrillListThatIsNotThereFailsTheScheduleCheck() {
        stack.scheduleFromDrillList(false);

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +stack +schedule enabled +rule .* is ENABLED, but its drill list s3://"
                        + DeployedTestStack.ASSET_BUCKET + "/" + DeployedTestStack.ASSET_KEY + " cannot be read: NoSuchKey")
                .contains("fix: deploy again (cdk deploy uploads the drill list with the stack's assets)")
                .endsWith("1 failed\n");
    }

    @Test
    void aDisabledScheduleFailsWithTheCommandThatEnablesIt() {
        stack.disableSchedule();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        String rule = stack.physicalId("NightlyDrillSchedule");
        assertThat(run.out()).containsPattern("FAIL +stack +schedule enabled +rule " + rule + " is DISABLED")
                .contains("fix: aws events enable-rule --name " + rule)
                .endsWith("1 failed\n");
    }

    @Test
    void anAlarmTopicWithoutSubscriptionFailsWithHowToSubscribe() {
        stack.unsubscribeAll();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +stack +alarm subscription +0 confirmed, 0 pending confirmation")
                .contains("fix: subscribe someone: aws sns subscribe --topic-arn " + stack.output("AlarmTopicArn"))
                .endsWith("1 failed\n");
    }

    @Test
    void aMissingReportsBucketFails() {
        stack.deleteReportsBucket();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +stack +reports bucket writable +bucket "
                        + stack.output("ReportsBucketName") + " does not exist")
                .contains("fix: the stack's reports bucket was deleted outside CloudFormation")
                .endsWith("1 failed\n");
    }

    @Test
    void aValidatePackageWithoutTheCaBundleFailsWithTheBuildStep() {
        stack.deployValidateWithoutCaBundle();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +stack +RDS CA bundle in validate +.*'s package has no"
                        + " rds-ca/global-bundle.pem")
                .contains("fix: run scripts/fetch-rds-ca-bundle.sh, rebuild")
                .endsWith("1 failed\n");
        assertThat(codeHost.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/validate-without-ca.jar")))).hasSize(1);
    }

    @Test
    void aTemporaryInstanceGroupThatDoesNotAdmitValidateFailsForEveryDrillWithTheRuleToAdd() {
        stack.revokePostgresFromValidate();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        String group = stack.output("TemporaryInstanceSecurityGroupId");
        assertThat(run.out()).containsPattern("(?m)FAIL +orders +validate reaches the instance on 5432 +none of \\["
                        + group + "] admits tcp/5432 from validate's \\[" + stack.validateSecurityGroupId() + "]$")
                .containsPattern("FAIL +billing +validate reaches the instance on 5432")
                .contains("aws ec2 authorize-security-group-ingress --group-id " + group + " --protocol tcp --port 5432"
                        + " --source-group " + stack.validateSecurityGroupId() + "\n")
                .endsWith("2 failed\n");
    }

    @Test
    void aSubnetGroupInOneZoneFailsWithHowToAddAZone() {
        stack.shrinkStackSubnetGroupToOneZone();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +orders +subnet group covers two AZs +restore-drill-subnets covers 1"
                        + " Availability Zone \\(us-east-1a\\); RDS requires subnets in at least two")
                .contains("fix: add a private subnet in a second AZ: aws rds modify-db-subnet-group"
                        + " --db-subnet-group-name restore-drill-subnets")
                .containsPattern("FAIL +billing +subnet group covers two AZs")
                .endsWith("2 failed\n");
    }

    @Test
    void aSourceWithoutIndependentSnapshotsFailsWithHowToMakeOne() {
        stack.deleteSnapshots();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +orders +snapshots visible +no available independent snapshot of"
                        + " orders-prod is visible to account 123456789012")
                .contains("fix: take a manual snapshot (aws rds create-db-snapshot --db-instance-identifier orders-prod")
                .endsWith("1 failed\n");
    }

    @Test
    void aDisabledSnapshotKeyFailsWithTheCommandThatEnablesIt() {
        stack.disableKey();

        Run run = preflight("--stack", DeployedTestStack.NAME);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL +orders +snapshot key usable +KMS key " + stack.kmsKeyArn()
                        + " is Disabled")
                .contains("fix: aws kms enable-key --key-id " + stack.kmsKeyArn())
                .endsWith("1 failed\n");
    }

    @Test
    void aCallTheEvaluatorDoesNotAllowFailsNamingTheRoleTheCallAndWhy() {
        iam.decide("rds:DeleteDBSnapshot", "implicitDeny");
        try {
            Run run = preflight("--stack", DeployedTestStack.NAME);

            assertThat(run.exitCode()).isEqualTo(1);
            String cleanupRole = roleOf("CleanupFunctionRole");
            assertThat(run.out()).containsPattern("FAIL +cleanup +rds:DeleteDBSnapshot +implicitDeny on arn:aws:rds:"
                            + "us-east-1:123456789012:snapshot:restore-drill-orders-0123456789ab")
                    .containsPattern("FAIL +reaper +rds:DeleteDBSnapshot +implicitDeny")
                    .contains("fix: grant " + cleanupRole + " rds:DeleteDBSnapshot on these resources")
                    .endsWith("2 failed\n");
        } finally {
            iam.decide("rds:DeleteDBSnapshot", "allowed");
        }
    }

    @Test
    void anExplicitDenyNamesTheStatementThatDecidedIt() {
        iam.decide("s3:PutObject", "explicitDeny");
        try {
            Run run = preflight("--stack", DeployedTestStack.NAME);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).containsPattern("FAIL +validate +s3:PutObject +explicitDeny on arn:aws:s3:::")
                    .contains("fix: an explicit Deny decides it (DenyOutsideDrills)")
                    .containsPattern("FAIL +stack +reports bucket writable +IAM does not allow validate's role s3:PutObject")
                    // every s3:PutObject of the manifest (the report and the baseline), and the bucket check
                    .endsWith((putObjectCalls() + 1) + " failed\n");
        } finally {
            iam.decide("s3:PutObject", "allowed");
        }
    }

    @Test
    void noSecretCredentialOrPresignedUrlReachesTheOutput() {
        stack.disableKey();
        stack.revokePostgresFromValidate();
        iam.decide("secretsmanager:GetSecretValue", "explicitDeny");
        codeHost.resetAll(); // the package download now fails (404): its error must not quote the URL
        try {
            Run run = preflight("--stack", DeployedTestStack.NAME);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("could not check: UncheckedIOException: cannot download the deployment"
                    + " package of");
            for (String secret : List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN,
                    DeployedTestStack.PRODUCTION_PASSWORD, "awslambda-us-east-1-tasks", "REPORTS_PREFIX")) {
                assertThat(run.out() + run.err()).doesNotContain(secret);
            }
        } finally {
            iam.decide("secretsmanager:GetSecretValue", "allowed");
        }
    }

    /**
     * The requests actually sent, against the API Reference of each call.
     */
    @Test
    void sendsEachCallAsItsApiReferenceRequires() {
        Run run = preflight("--stack", DeployedTestStack.NAME);
        assertThat(run.exitCode()).as(run.out()).isZero();

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html: DBInstanceIdentifier
        // "must match the identifier of an existing DBInstance"; the db-instance-id filter does not; SnapshotType one
        // per call; IncludeShared for shared ones. moto answers both forms, so this proves the request, not RDS.
        List<DescribeDbSnapshotsRequest> snapshots = sent(DescribeDbSnapshotsRequest.class);
        assertThat(snapshots).extracting(DescribeDbSnapshotsRequest::snapshotType)
                .containsExactly("manual", "shared", "awsbackup"); // not automated: the drill does not allow them
        assertThat(snapshots).allSatisfy(r -> {
            assertThat(r.dbInstanceIdentifier()).isNull();
            assertThat(r.filters()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("db-instance-id");
                assertThat(f.values()).containsExactly(DeployedTestStack.PRODUCTION);
            });
            assertThat(r.includeShared()).isEqualTo("shared".equals(r.snapshotType()));
            assertThat(r.maxRecords()).isBetween(20, 100);
        });
        // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html: a key ARN works across accounts.
        assertThat(sent(DescribeKeyRequest.class)).extracting(DescribeKeyRequest::keyId)
                .containsExactly(stack.kmsKeyArn());
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSubnetGroups.html
        assertThat(sent(DescribeDbSubnetGroupsRequest.class)).extracting(DescribeDbSubnetGroupsRequest::dbSubnetGroupName)
                .containsExactly(DeployedTestStack.STACK_SUBNET_GROUP);
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html: by GroupIds, one a call
        assertThat(sent(DescribeSecurityGroupsRequest.class)).allSatisfy(r -> assertThat(r.groupIds()).hasSize(1))
                .extracting(r -> r.groupIds().get(0))
                .contains(stack.output("TemporaryInstanceSecurityGroupId"), stack.validateSecurityGroupId());
        // https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html: TopicArn required
        assertThat(sent(ListSubscriptionsByTopicRequest.class)).extracting(ListSubscriptionsByTopicRequest::topicArn)
                .containsExactly(stack.output("AlarmTopicArn"));
        // https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html: the validate function, by name
        assertThat(sent(GetFunctionRequest.class)).extracting(GetFunctionRequest::functionName)
                .containsExactly(stack.physicalId("ValidateFunction"));
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html: without StackName
        // it describes every stack of the account; a name that matches no stack is a ValidationError (exit 2, above).
        assertThat(sent(DescribeStacksRequest.class)).extracting(DescribeStacksRequest::stackName)
                .containsExactly(DeployedTestStack.NAME);
        // .../API_ListStackResources.html: by the unique stack id, which also names a stack being replaced or deleted.
        assertThat(sent(ListStackResourcesRequest.class)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.stackName()).startsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/"));
        // https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html: each function of the stack.
        assertThat(sent(GetFunctionConfigurationRequest.class)).extracting(GetFunctionConfigurationRequest::functionName)
                .containsExactlyInAnyOrder(stack.physicalId("RestoreFunction"), stack.physicalId("StatusFunction"),
                        stack.physicalId("ValidateFunction"), stack.physicalId("CleanupFunction"),
                        stack.physicalId("ReaperFunction"), stack.physicalId("PlanFunction"),
                        stack.physicalId("SummarizeFunction"), stack.physicalId("AuditFunction"));
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeAccountAttributes.html: no parameters.
        assertThat(sent(DescribeAccountAttributesRequest.class)).hasSize(1);
        assertThat(rdsQuotas.quotaRequests()).singleElement()
                .satisfies(form -> assertThat(form.keySet()).containsOnly("Action", "Version"));
        // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListTargetsByRule.html and API_DescribeRule.html:
        // both rules' targets are read; only the one whose target is the state machine is described.
        assertThat(sent(ListTargetsByRuleRequest.class)).extracting(ListTargetsByRuleRequest::rule)
                .contains(stack.physicalId("NightlyDrillSchedule"));
        assertThat(sent(DescribeRuleRequest.class)).extracting(DescribeRuleRequest::name)
                .containsExactly(stack.physicalId("NightlyDrillSchedule"));
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html: the reports bucket only.
        assertThat(sent(HeadBucketRequest.class)).extracting(HeadBucketRequest::bucket)
                .containsExactly(stack.output("ReportsBucketName"));

        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html: one question per
        // manifest entry, PolicySourceArn = the function's role, the resolved ARNs, typed context entries.
        List<Map<String, String>> questions = iam.questions();
        List<FunctionCall> manifest = FunctionCalls.load();
        for (FunctionCall entry : manifest) {
            if (io.restoredrill.cli.preflight.Preflight.OPTIONAL_FUNCTIONS.contains(entry.function())) {
                continue; // not deployed in this stack (no awsBackupRestoreTesting): nothing to ask
            }
            FunctionCall call = withDeployedDrillList(entry);
            String role = roleOf(Character.toUpperCase(call.function().charAt(0)) + call.function().substring(1)
                    + "FunctionRole");
            List<String> resources = call.resolve("aws", "us-east-1", "123456789012", stack.output("ReportsBucketName"));
            assertThat(questions).as(call.function() + " " + call.action()).anySatisfy(q -> {
                assertThat(q).containsEntry("Action", "SimulatePrincipalPolicy").containsEntry("Version", "2010-05-08")
                        .containsEntry("PolicySourceArn", role).containsEntry("ActionNames.member.1", call.action())
                        .doesNotContainKey("ActionNames.member.2").doesNotContainKey("ResourcePolicy")
                        .doesNotContainKey("CallerArn");
                for (int i = 0; i < resources.size(); i++) {
                    assertThat(q).containsEntry("ResourceArns.member." + (i + 1), resources.get(i));
                }
                assertThat(context(q)).containsAllEntriesOf(expectedContext(call, stack.output("ReportsBucketName")));
            });
        }
        assertThat(questions.stream().flatMap(q -> q.values().stream())).noneMatch(v -> v.contains("${"));
    }

    /**
     * The entry with the deployed drill list's placeholders filled in, as the test stack's plan function names the
     * list (DRILL_LIST_BUCKET, DRILL_LIST_KEY): the manifest's four-placeholder resolve does not know them.
     */
    private static FunctionCall withDeployedDrillList(FunctionCall call) {
        java.util.function.UnaryOperator<String> fill = text -> text
                .replace("${DrillListBucket}", DeployedTestStack.ASSET_BUCKET)
                .replace("${DrillListKey}", DeployedTestStack.ASSET_KEY);
        Map<String, List<String>> context = new java.util.HashMap<>();
        call.context().forEach((key, values) -> context.put(key, values.stream().map(fill).toList()));
        Map<String, String> tags = new java.util.HashMap<>();
        call.resourceTags().forEach((key, value) -> tags.put(key, fill.apply(value)));
        return new FunctionCall(call.function(), call.action(), call.resources().stream().map(fill).toList(),
                context, tags, call.why());
    }

    private static long putObjectCalls() {
        return FunctionCalls.load().stream().filter(call -> call.action().equals("s3:PutObject")).count();
    }

    private static Map<String, String> expectedContext(FunctionCall call, String bucket) {
        Map<String, String> expected = new java.util.HashMap<>();
        call.resolveContext("aws", "us-east-1", "123456789012", bucket)
                .forEach((key, values) -> expected.put(key, typeOf(key, values) + "=" + String.join(",", values)));
        call.resolveResourceTags("aws", "us-east-1", "123456789012", bucket)
                .forEach((key, value) -> expected.put("aws:ResourceTag/" + key, "string=" + value));
        return expected;
    }

    /** The ContextKeyType the API takes: Bool keys as boolean, multivalued as stringList, the rest as string. */
    private static String typeOf(String key, List<String> values) {
        // Bool in the Service Authorization Reference / the IAM User Guide's global condition keys.
        if (List.of("rds:PubliclyAccessible", "rds:ManageMasterUserPassword", "aws:ViaAWSService",
                "kms:GrantIsForAWSResource").contains(key)) {
            return "boolean";
        }
        return key.equals("aws:TagKeys") || key.equals("aws:CalledVia") || values.size() > 1 ? "stringList" : "string";
    }

    /** The ContextEntries of a question as key -> "type=v1,v2". */
    private static Map<String, String> context(Map<String, String> question) {
        Map<String, String> context = new java.util.HashMap<>();
        for (int i = 1; question.containsKey("ContextEntries.member." + i + ".ContextKeyName"); i++) {
            String prefix = "ContextEntries.member." + i + ".";
            List<String> values = new java.util.ArrayList<>();
            for (int v = 1; question.containsKey(prefix + "ContextKeyValues.member." + v); v++) {
                values.add(question.get(prefix + "ContextKeyValues.member." + v));
            }
            context.put(question.get(prefix + "ContextKeyName"),
                    question.get(prefix + "ContextKeyType") + "=" + String.join(",", values));
        }
        return context;
    }

    private String roleOf(String logicalId) {
        return "arn:aws:iam::123456789012:role/" + stack.physicalId(logicalId);
    }

    private <T extends SdkRequest> List<T> sent(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run preflight(String... args) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request());
            }
        };
        PreflightWiring.Customizer customizer = new PreflightWiring.Customizer() {
            @Override
            public <B extends AwsClientBuilder<B, ?>> B apply(B builder) {
                MotoServer.configure(builder).credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN)));
                builder.overrideConfiguration(c -> c.addExecutionInterceptor(recorder));
                if (builder instanceof IamClientBuilder) {
                    builder.endpointOverride(iam.endpoint());
                }
                if (builder instanceof RdsClientBuilder) {
                    builder.endpointOverride(rdsQuotas.endpoint());
                }
                if (builder instanceof S3ClientBuilder s3) {
                    s3.forcePathStyle(true);
                }
                return builder;
            }
        };
        LambdaFunctionPackages.Download download = location -> LambdaFunctionPackages.Download.https()
                .open(URI.create(codeHost.baseUrl() + location.getRawPath()));
        CommandLine cli = RestoreDrillCli.commandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == PreflightCommand.class) {
                    return type.cast(new PreflightCommand(() -> PreflightWiring.with(customizer, download)));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] command = new String[args.length + 1];
        command[0] = "preflight";
        System.arraycopy(args, 0, command, 1, args.length);
        int exitCode = cli.execute(command);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
