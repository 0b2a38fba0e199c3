package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-drill start} against moto's Step Functions, in a child JVM. Moto cannot run Lambda tasks, so each
 * test deploys a small state machine that ends as the real one does (a Summarize Pass state with the verdicts, then
 * Succeed or a Fail with RestoreDrill.DrillsFailed and its JSON cause). Moto 5.2.1 answers 500 to a second
 * StartExecution after one has run, so every test starts from a reset emulator and starts one execution.
 */
class StartCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRILLS_YAML = """
            drills:
              - name: orders
                source:
                  rdsSnapshot: { dbInstanceIdentifier: orders-prod }
                maxBackupAgeHours: 26
                target:
                  rds: { instanceClass: db.t4g.medium, dbSubnetGroupName: drill-isolated, vpcSecurityGroupIds: [sg-0abc] }
                checks:
                  - name: orders exist
                    sql: SELECT count(*) FROM orders
                    expect: "> 0"
              - name: billing
                source:
                  s3: s3://backups/billing/
                target:
                  rds:
                    instanceClass: db.t4g.small
                    dbSubnetGroupName: drill-isolated
                    vpcSecurityGroupIds: [sg-0abc]
                    timeToLive: 3h
            """;
    /** The same drills, written by hand as the JSON the state machine must receive. */
    private static final String DRILLS_JSON = """
            {"drills": [
              {"name": "orders",
               "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
               "maxBackupAgeHours": 26,
               "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill-isolated",
                                  "vpcSecurityGroupIds": ["sg-0abc"]}},
               "checks": [{"name": "orders exist", "sql": "SELECT count(*) FROM orders", "expect": "> 0"}]},
              {"name": "billing",
               "source": {"s3": "s3://backups/billing/"},
               "target": {"rds": {"instanceClass": "db.t4g.small", "dbSubnetGroupName": "drill-isolated",
                                  "vpcSecurityGroupIds": ["sg-0abc"], "timeToLive": "3h"}}}
            ]}
            """;
    private static final String ORPHAN = "FAILED: orphan restore-drill-billing-0123456789ab";

    private SfnClient sfn;

    @BeforeEach
    void emptyEmulator() {
        MotoServer.reset();
        executeStateMachines(true);
        sfn = MotoServer.configure(SfnClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
    }

    @AfterEach
    void close() {
        executeStateMachines(false);
        sfn.close();
    }

    @Test
    void startsAnExecutionWhoseInputIsTheDrillsFileAsJson(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--drills", drillsFile(dir).toString(),
                "--name", "manual-test");

        assertThat(start.exitCode()).as(start.err()).isZero();
        String executionArn = start.out().strip();
        assertThat(executionArn).endsWith(":manual-test");
        String input = sfn.describeExecution(r -> r.executionArn(executionArn)).input();
        assertThat(JSON.readTree(input)).isEqualTo(JSON.readTree(DRILLS_JSON));
    }

    @Test
    void waitsForASucceededExecutionAndPrintsEachVerdict(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--drills", drillsFile(dir).toString(),
                "--wait", "--poll-interval", "100ms");

        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains(":execution:").contains("SUCCEEDED")
                .containsPattern("PASSED +orders +1 checks passed")
                .containsPattern("PASSED +billing +0 checks passed");
        assertThat(executions(stateMachine)).hasSize(1).allMatch(e -> e.name().startsWith("manual-"));
    }

    @Test
    void waitsForAFailedExecutionAndNamesTheFailedDrillsAndOrphans(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(failed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--drills", drillsFile(dir).toString(),
                "--wait", "--poll-interval", "100ms");

        assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(1);
        assertThat(start.out()).contains("FAILED")
                .containsPattern("PASSED +orders +1 checks passed")
                .containsPattern("FAILED +billing +io.restoredrill.core.domain.NoIndependentBackupException: no dump")
                .contains("failed drills: billing")
                .contains("orphaned instances (still running, delete them): " + ORPHAN);
    }

    @Test
    void withoutASummarizeStateTheVerdictsComeFromTheExecutionOutput(@TempDir Path dir) throws Exception {
        String stateMachine = deploy("""
                {"StartAt": "Done", "States": {
                  "Done": {"Type": "Pass", "Result": {"verdicts": [%s]}, "End": true}}}
                """.formatted(verdict("orders", "PASSED", "2 checks passed", false)));

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--drills", drillsFile(dir).toString(),
                "--wait", "--poll-interval", "100ms");

        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).containsPattern("PASSED +orders +2 checks passed");
    }

    @Test
    void anAbortedExecutionFailsAndSaysSo(@TempDir Path dir) throws Exception {
        executeStateMachines(false); // moto keeps the execution RUNNING until the test stops it
        String stateMachine = deploy(passed());

        CliProcess.Running start = CliProcess.startApart(dir, InvokeCommandTest.moto(), "start",
                "--state-machine", stateMachine, "--drills", drillsFile(dir).toString(), "--wait", "--poll-interval", "100ms");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (executions(stateMachine).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String executionArn = executions(stateMachine).get(0).executionArn();
        assertThat(start.process().isAlive()).as("still following the running execution").isTrue();
        sfn.stopExecution(r -> r.executionArn(executionArn).error("Operator").cause("stopped by hand"));
        CliProcess.Finished finished = start.await();

        assertThat(finished.exitCode()).as(finished.out() + finished.err()).isEqualTo(1);
        assertThat(finished.out()).contains(executionArn + ": ABORTED");
    }

    @Test
    void aMalformedDrillsFileIsAUsageErrorAndStartsNothing(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());
        Path drills = Files.writeString(dir.resolve("drills.yaml"), DRILLS_YAML.replace("maxBackupAgeHours: 26",
                "maxBackupAgeHours: -1"));

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--drills", drills.toString(), "--wait");

        assertThat(start.exitCode()).isEqualTo(2);
        assertThat(start.err()).contains(drills.toString()).contains("orders").contains("maxBackupAgeHours");
        assertThat(start.out()).isEmpty();
        assertThat(executions(stateMachine)).isEmpty();
    }

    private static CliProcess.Finished start(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "start";
        System.arraycopy(args, 0, command, 1, args.length);
        return CliProcess.run(dir, InvokeCommandTest.moto(), command);
    }

    private String deploy(String definition) {
        return sfn.createStateMachine(r -> r.name("restore-drill").definition(definition)
                .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/restore-drill")).stateMachineArn();
    }

    private List<ExecutionListItem> executions(String stateMachine) {
        return sfn.listExecutions(r -> r.stateMachineArn(stateMachine)).executions();
    }

    /** The end of the real definition when every drill passed: Summarize, then Succeed. */
    private static String passed() {
        return """
                {"StartAt": "Summarize", "States": {
                  "Summarize": {"Type": "Pass", "Result": {"verdicts": [%s, %s], "anyFailed": false, "anyOrphaned": false},
                                "Next": "AllDrillsPassed"},
                  "AllDrillsPassed": {"Type": "Succeed"}}}
                """.formatted(verdict("orders", "PASSED", "1 checks passed", false),
                verdict("billing", "PASSED", "0 checks passed", false));
    }

    /** The end of the real definition when a drill failed and its cleanup too: Summarize, then the Fail state. */
    private static String failed() throws Exception {
        String cause = JSON.writeValueAsString(JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("failedDrills", JSON.createArrayNode().add("billing"))
                .set("orphanedInstances", JSON.createArrayNode().add(ORPHAN)));
        return """
                {"StartAt": "Summarize", "States": {
                  "Summarize": {"Type": "Pass", "Result": {"verdicts": [%s, %s], "anyFailed": true, "anyOrphaned": true},
                                "Next": "DrillsFailed"},
                  "DrillsFailed": {"Type": "Fail", "Error": "RestoreDrill.DrillsFailed", "Cause": %s}}}
                """.formatted(verdict("orders", "PASSED", "1 checks passed", false),
                verdict("billing", "FAILED", "io.restoredrill.core.domain.NoIndependentBackupException: no dump", true),
                JSON.writeValueAsString(cause));
    }

    private static String verdict(String drill, String verdict, String reason, boolean orphaned) {
        return """
                {"drill": "%s", "verdict": "%s", "reason": "%s", "instance": "restore-drill-%s-0123456789ab",
                 "cleanup": "%s", "orphaned": %s}
                """.formatted(drill, verdict, reason, drill, orphaned ? ORPHAN : "deleted", orphaned);
    }

    private static Path drillsFile(Path dir) throws Exception {
        return Files.writeString(dir.resolve("drills.yaml"), DRILLS_YAML);
    }

    private static void executeStateMachines(boolean execute) {
        MotoServer.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": " + execute + "}}");
    }
}
