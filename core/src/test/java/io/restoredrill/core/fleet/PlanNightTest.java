package io.restoredrill.core.fleet;

import io.restoredrill.core.adapter.config.JsonDrillSpecReader;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.NoCapacityException;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;
import io.restoredrill.core.domain.RdsCapacity;
import io.restoredrill.core.domain.RestoreTrend;
import io.restoredrill.core.port.RestoreTrendStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Planning a night on in-memory ports, with the core's real spec parser. */
class PlanNightTest {

    private static final ObjectLocation DEPLOYED = new ObjectLocation("cdk-assets", "drills-abc.json");
    private static final RdsCapacity PLENTY = new RdsCapacity(OptionalLong.of(40), 0, OptionalLong.of(100_000), 0);

    private final InMemoryNightRuns runs = new InMemoryNightRuns();
    private final Map<ObjectLocation, List<String>> lists = new java.util.HashMap<>();

    static String spec(String name) {
        return """
                {"name": "%s", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "%s-prod"}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium"}}}""".formatted(name, name);
    }

    static String s3Spec(String name, int gib) {
        return """
                {"name": "%s", "source": {"s3": "s3://backups/%s/"},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "allocatedStorageGb": %d}}}"""
                .formatted(name, name, gib);
    }

    static String restoreTestSpec(String name) {
        return """
                {"name": "%s", "source": {"awsBackupRestoreTest": {"restoreTestingPlan": "nightly_%s",
                  "dbInstanceIdentifier": "%s-prod", "validationWindowHours": 4}},
                 "login": {"secretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:reader-AbCdEf"}}"""
                .formatted(name, name, name);
    }

    @Test
    void leavesDrillsOfAwsBackupRestoreTestsOutOfTheNightAndSaysSo() {
        lists.put(DEPLOYED, List.of(spec("orders"), restoreTestSpec("billing")));

        NightPlan plan = planner(PLENTY, 10).plan(deployed("n1"));

        assertThat(plan.count()).isEqualTo(1);
        assertThat(runs.items.get(plan.items())).extracting(PlannedDrill::name).containsExactly("orders");
        assertThat(plan.note()).hasValueSatisfying(note -> assertThat(note)
                .contains("1 drill(s) validate AWS Backup restore tests", "billing"));
    }

    @Test
    void onlyNamingADrillOfAnAwsBackupRestoreTestIsRefusedWithWhy() {
        lists.put(DEPLOYED, List.of(spec("orders"), restoreTestSpec("billing")));

        assertThatThrownBy(() -> planner(PLENTY, 10).plan(new NightRequest("n1", Optional.empty(), Optional.empty(),
                Optional.of(List.of("billing")))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("billing").hasMessageContaining("runs when its restore testing plan's restore"
                        + " job completes");
        assertThat(runs.items).isEmpty();
    }

    private PlanNight planner(RdsCapacity capacity, int configured) {
        return new PlanNight(lists::get, new JsonDrillSpecReader(Optional.of("stack-subnets")), runs, () -> capacity,
                new RunLayout("reports-bucket"), new FleetSettings(configured, Optional.of(DEPLOYED)));
    }

    private static NightRequest deployed(String execution) {
        return new NightRequest(execution, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void anAlarmTestPlansItsOneDrillWithoutReadingTheListOrTheQuotas() {
        PlanNight planner = new PlanNight(lists::get, new JsonDrillSpecReader(Optional.of("stack-subnets")), runs,
                () -> {
                    throw new AssertionError("an alarm test starts no instance: no quota to read");
                }, new RunLayout("reports-bucket"), new FleetSettings(10, Optional.of(DEPLOYED)));

        NightPlan plan = planner.plan(new NightRequest("alarm-test-2026-12-01", Optional.empty(), Optional.empty(),
                Optional.empty(), true));

        assertThat(plan.count()).isEqualTo(1);
        assertThat(plan.concurrency()).isEqualTo(1);
        assertThat(plan.note()).hasValueSatisfying(n -> assertThat(n).startsWith("an alarm test"));
        assertThat(runs.items.get(plan.items())).singleElement().satisfies(item -> {
            assertThat(item.name()).isEqualTo(AlarmTest.DRILL_NAME);
            assertThat(item.document()).contains("\"alarmTest\": true").contains(AlarmTest.REASON);
        });
    }

    @Test
    void anAlarmTestRunsNoDrillAndNoDrillMayTakeItsName() {
        assertThatThrownBy(() -> new NightRequest("n1", Optional.empty(), Optional.empty(), Optional.of(List.of("a")),
                true)).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("an alarm test runs no drill");
        lists.put(DEPLOYED, List.of(spec("orders"), spec(AlarmTest.DRILL_NAME)));

        assertThatThrownBy(() -> planner(PLENTY, 10).plan(deployed("nightly-2026-12-01")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("drills[1]: the name \"alarm-test\" is reserved for the alarm test");
    }

    @Test
    void startsTheLongestExpectedRestoresFirstAndDrillsWithoutHistoryBeforeThem() {
        lists.put(DEPLOYED, List.of(spec("short"), spec("new"), spec("long"), spec("middle"), spec("also-new")));
        Map<String, RestoreTrend> trends = Map.of(
                "short", new RestoreTrend(List.of(300.0, 320.0, 310.0)),
                "long", new RestoreTrend(List.of(7000.0, 7200.0, 6900.0)),
                "middle", new RestoreTrend(List.of(1800.0)));
        RestoreTrendStore store = new RestoreTrendStore() {
            @Override
            public Optional<RestoreTrend> load(String drillName) {
                return Optional.ofNullable(trends.get(drillName));
            }

            @Override
            public void save(String drillName, RestoreTrend trend) {
                throw new AssertionError("planning never writes a trend");
            }
        };
        PlanNight planner = new PlanNight(lists::get, new JsonDrillSpecReader(Optional.of("stack-subnets")), runs,
                () -> PLENTY, new RunLayout("reports-bucket"), new FleetSettings(10, Optional.of(DEPLOYED)),
                Optional.of(store));

        NightPlan plan = planner.plan(deployed("nightly-2026-12-01"));

        assertThat(runs.items.get(plan.items())).extracting(PlannedDrill::name)
                .containsExactly("new", "also-new", "long", "middle", "short");
    }

    @Test
    void plansTheDeployedListWithTheStacksSubnetGroupAndEachDrillsLimits() {
        lists.put(DEPLOYED, List.of(spec("orders"), spec("billing").replace("}}}",
                "}}, \"restoreTimeout\": \"3h\"}")));

        NightPlan plan = planner(PLENTY, 10).plan(deployed("nightly-2026-12-01"));

        ObjectLocation items = new ObjectLocation("reports-bucket", "runs/nightly-2026-12-01/drills.json");
        assertThat(plan.items()).isEqualTo(items);
        assertThat(plan.count()).isEqualTo(2);
        assertThat(plan.concurrency()).as("never more than the drills").isEqualTo(2);
        assertThat(plan.configuredConcurrency()).isEqualTo(10);
        assertThat(plan.note()).isEmpty();
        assertThat(plan.resultsBucket()).isEqualTo("reports-bucket");
        assertThat(plan.resultsPrefix()).isEqualTo("runs/nightly-2026-12-01/results");
        assertThat(plan.summary()).isEqualTo(new ObjectLocation("reports-bucket", "runs/nightly-2026-12-01/summary.json"));
        List<PlannedDrill> stored = runs.items.get(items);
        assertThat(stored).extracting(PlannedDrill::name).containsExactly("orders", "billing");
        assertThat(stored).extracting(PlannedDrill::restoreTimeout)
                .containsExactly(Duration.ofHours(2), Duration.ofHours(3));
        assertThat(stored.get(0).document()).contains("\"dbSubnetGroupName\":\"stack-subnets\"");
    }

    @Test
    void aSpecThatNamesItsSubnetGroupKeepsIt() {
        lists.put(DEPLOYED, List.of(spec("orders").replace("\"db.t4g.medium\"",
                "\"db.t4g.medium\", \"dbSubnetGroupName\": \"own\"")));

        planner(PLENTY, 10).plan(deployed("n1"));

        assertThat(runs.items.values().iterator().next().get(0).document())
                .contains("\"dbSubnetGroupName\":\"own\"").doesNotContain("stack-subnets");
    }

    @Test
    void onlyKeepsTheNamedDrillsInTheListsOrder() {
        lists.put(DEPLOYED, List.of(spec("a"), spec("b"), spec("c")));

        NightPlan plan = planner(PLENTY, 10).plan(new NightRequest("n1", Optional.empty(), Optional.empty(),
                Optional.of(List.of("c", "a"))));

        assertThat(plan.count()).isEqualTo(2);
        assertThat(runs.items.get(plan.items())).extracting(PlannedDrill::name).containsExactly("a", "c");
    }

    @Test
    void anUnknownNameInOnlyFailsThePlanNamingIt() {
        lists.put(DEPLOYED, List.of(spec("a"), spec("b")));

        assertThatThrownBy(() -> planner(PLENTY, 10).plan(new NightRequest("n1", Optional.empty(), Optional.empty(),
                Optional.of(List.of("a", "zz")))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("zz").hasMessageContaining("the list has a, b");
        assertThat(runs.items).isEmpty();
    }

    @Test
    void inlineDrillsAreValidatedWithTheCoresParser() {
        assertThatThrownBy(() -> planner(PLENTY, 10).plan(new NightRequest("n1",
                Optional.of(List.of(spec("a"), "{\"name\": \"b\"}")), Optional.empty(), Optional.empty())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("the execution input: drills[1]").hasMessageContaining("source");
    }

    @Test
    void twoDrillsOfOneNameFailThePlan() {
        lists.put(DEPLOYED, List.of(spec("a"), spec("b"), spec("a")));

        assertThatThrownBy(() -> planner(PLENTY, 10).plan(deployed("n1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("drills[2]").hasMessageContaining("\"a\"").hasMessageContaining("drills[0]");
    }

    @Test
    void anEmptyListOrNoListAtAllFailsThePlan() {
        lists.put(DEPLOYED, List.of());
        assertThatThrownBy(() -> planner(PLENTY, 10).plan(deployed("n1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("names no drill");

        PlanNight withoutDeployedList = new PlanNight(lists::get, new JsonDrillSpecReader(Optional.empty()), runs,
                () -> PLENTY, new RunLayout("reports-bucket"), new FleetSettings(10, Optional.empty()));
        assertThatThrownBy(() -> withoutDeployedList.plan(deployed("n1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("DRILL_LIST_BUCKET");
    }

    @Test
    void aSpecTooLargeForTheStateDocumentIsRefused() {
        String huge = spec("a").replace("}}}", "}}, \"database\": \"" + "d".repeat(PlanNight.MAX_SPEC_BYTES) + "\"}");
        lists.put(DEPLOYED, List.of(spec("b"), huge));

        assertThatThrownBy(() -> planner(PLENTY, 10).plan(deployed("n1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("drills[1]").hasMessageContaining("more than the 131072");
    }

    @Test
    void drillsQueueAtWhatTheInstanceQuotaLeavesAndThePlanSaysSo() {
        lists.put(DEPLOYED, IntStream.range(0, 100).mapToObj(i -> spec("d" + i)).toList());
        RdsCapacity busy = new RdsCapacity(OptionalLong.of(40), 22, OptionalLong.of(100_000), 3_500);

        NightPlan plan = planner(busy, 40).plan(deployed("n1"));

        assertThat(plan.count()).isEqualTo(100);
        assertThat(plan.concurrency()).isEqualTo(18);
        assertThat(plan.note()).contains("the RDS quota leaves 18 DB instances (22 of 40 in use): drills queue 18 at a"
                + " time instead of 40");
    }

    @Test
    void aQuotaThatLeavesMoreThanTheFleetNeedsQueuesNothing() {
        lists.put(DEPLOYED, List.of(spec("a"), spec("b"), spec("c")));
        RdsCapacity busy = new RdsCapacity(OptionalLong.of(40), 36, OptionalLong.empty(), 0);

        NightPlan plan = planner(busy, 40).plan(deployed("n1"));

        assertThat(plan.concurrency()).isEqualTo(3);
        assertThat(plan.note()).isEmpty();
    }

    @Test
    void blankInstancesForS3DumpsAreLimitedByTheStorageQuota() {
        lists.put(DEPLOYED, List.of(s3Spec("a", 500), s3Spec("b", 100), spec("c"), spec("d")));
        RdsCapacity storage = new RdsCapacity(OptionalLong.of(40), 0, OptionalLong.of(10_000), 9_000);

        NightPlan plan = planner(storage, 10).plan(deployed("n1"));

        assertThat(plan.concurrency()).as("1,000 GiB left, 500 GiB per drill at most").isEqualTo(2);
        assertThat(plan.note()).contains("the RDS storage quota leaves 1000 GiB, room for 2 instances of 500 GiB:"
                + " drills queue 2 at a time instead of 4");
    }

    @Test
    void aUsedUpInstanceQuotaFailsThePlanWithNoCapacity() {
        lists.put(DEPLOYED, List.of(spec("a")));
        RdsCapacity full = new RdsCapacity(OptionalLong.of(40), 40, OptionalLong.empty(), 0);

        assertThatThrownBy(() -> planner(full, 10).plan(deployed("n1")))
                .isExactlyInstanceOf(NoCapacityException.class)
                .hasMessageStartingWith("the RDS quota of 40 DB instances is used up (40 in use");
        assertThat(runs.items).isEmpty();
    }

    @Test
    void aStorageQuotaTooSmallForOneBlankInstanceFailsThePlan() {
        lists.put(DEPLOYED, List.of(s3Spec("a", 500)));
        RdsCapacity full = new RdsCapacity(OptionalLong.of(40), 0, OptionalLong.of(1_000), 800);

        assertThatThrownBy(() -> planner(full, 10).plan(deployed("n1")))
                .isExactlyInstanceOf(NoCapacityException.class)
                .hasMessageContaining("leaves 200 GiB").hasMessageContaining("500 GiB");
    }

    @Test
    void anExecutionNameThatWouldLeaveTheNightsFolderIsRefused() {
        for (String name : List.of("../x", "a/b", "with space", "", "x".repeat(81))) {
            assertThatThrownBy(() -> deployed(name)).as(name).isInstanceOf(InvalidConfigurationException.class);
        }
        // Step Functions' longest name (80 characters) keeps every key of the night far below S3's 1,024 bytes
        // (S3 User Guide, "Naming Amazon S3 objects"); the longest is a result file under the Map Run's folder.
        String longest = new RunLayout("b").resultsPrefix("x".repeat(80))
                + "/0f8e5a3c-1d2b-4c5d-8e9f-0a1b2c3d4e5f/SUCCEEDED_9999.json";
        assertThat(longest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(1_024);
    }
}
