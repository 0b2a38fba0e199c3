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
 * {@code restore-drill start} against moto's Step Functions, in a child JVM: what the execution is started with. Moto
 * cannot run Lambda tasks, so each test deploys a small state machine (a Pass state). Moto 5.2.1 answers 500 to a
 * second StartExecution after one has run, so every test starts from a reset emulator and starts one execution.
 * Following a night ({@code --wait}) needs Map Runs, which moto does not serve: {@link StartCommandFollowTest}.
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
    void onlyStartsASubsetOfTheDeployedListByName(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--only", "orders,billing",
                "--name", "manual-only");

        assertThat(start.exitCode()).as(start.err()).isZero();
        String input = sfn.describeExecution(r -> r.executionArn(start.out().strip())).input();
        assertThat(JSON.readTree(input)).isEqualTo(JSON.readTree("{\"only\": [\"orders\", \"billing\"]}"));
    }

    @Test
    void withoutDrillsOrOnlyItStartsTheDeployedList(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--name", "manual-all");

        assertThat(start.exitCode()).as(start.err()).isZero();
        String input = sfn.describeExecution(r -> r.executionArn(start.out().strip())).input();
        assertThat(JSON.readTree(input)).isEqualTo(JSON.createObjectNode());
    }

    @Test
    void alarmTestStartsTheFireDrillOfTheAlarmsAndNothingElse(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--alarm-test", "--name", "alarm-test-1");

        assertThat(start.exitCode()).as(start.err()).isZero();
        String input = sfn.describeExecution(r -> r.executionArn(start.out().strip())).input();
        assertThat(JSON.readTree(input)).isEqualTo(JSON.readTree("{\"alarmTest\": true}"));

        CliProcess.Finished both = start(dir, "--state-machine", stateMachine, "--alarm-test", "--only", "orders");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--alarm-test").contains("mutually exclusive");
    }

    @Test
    void drillsAndOnlyTogetherAreAUsageErrorAndStartNothing(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--drills", drillsFile(dir).toString(),
                "--only", "orders");

        assertThat(start.exitCode()).isEqualTo(2);
        assertThat(start.err()).contains("--drills").contains("--only").contains("mutually exclusive");
        assertThat(start.out()).isEmpty();
        assertThat(executions(stateMachine)).isEmpty();
    }

    @Test
    void aDrillNamedTwiceInOnlyIsAUsageErrorAndStartsNothing(@TempDir Path dir) throws Exception {
        String stateMachine = deploy(passed());

        CliProcess.Finished start = start(dir, "--state-machine", stateMachine, "--only", "orders,billing,orders");

        assertThat(start.exitCode()).isEqualTo(2);
        assertThat(start.err()).contains("drill \"orders\" is named twice");
        assertThat(executions(stateMachine)).isEmpty();
    }

    @Test
    void helpNamesTheWaysToChooseTheDrillsAndTheExitCodes() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = RestoreDrillCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out));

        int exitCode = cli.execute("start", "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("--drills=<drills.yaml>").contains("--only=<drill>[,<drill>...]")
                .contains("--wait").contains("as it completes")
                .contains("1   with --wait: a drill failed").contains("2   usage or configuration error");
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

    /** Any state machine moto can run: what is checked is what the execution was started with. */
    private static String passed() {
        return """
                {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}
                """;
    }

    private static Path drillsFile(Path dir) throws Exception {
        return Files.writeString(dir.resolve("drills.yaml"), DRILLS_YAML);
    }

    private static void executeStateMachines(boolean execute) {
        MotoServer.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": " + execute + "}}");
    }
}
