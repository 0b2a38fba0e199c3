package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ListedDrill;
import io.restoredrill.core.domain.NoCapacityException;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;
import io.restoredrill.core.domain.RdsCapacity;
import io.restoredrill.core.domain.RestoreTrend;
import io.restoredrill.core.port.AccountQuotas;
import io.restoredrill.core.port.DrillListSource;
import io.restoredrill.core.port.DrillSpecReader;
import io.restoredrill.core.port.NightRuns;
import io.restoredrill.core.port.RestoreTrendStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Plans a night: reads the drills (inline, a named list, or the deployed list), keeps those {@code only} names,
 * validates every spec with the core's parser (defaults filled in), refuses two drills of one name, gives each drill
 * its limits, and decides how many run at once: the configured concurrency, lowered to what the account's RDS quotas
 * leave (never asking RDS for more instances than the quota allows), and to the number of drills. It writes the
 * night's items where the Map reads them and returns a plan whose size does not grow with the fleet.
 */
public final class PlanNight {

    private static final Logger log = LoggerFactory.getLogger(PlanNight.class);
    /**
     * The largest spec a drill may have, in UTF-8 bytes. The spec travels in the drill's child execution input and in
     * its state document through every step, and a state's input or output is at most 262,144 bytes (API Reference,
     * StateEnteredEventDetails, "input": https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateEnteredEventDetails.html):
     * half of it leaves the document room for what the steps add.
     */
    public static final int MAX_SPEC_BYTES = 128 * 1024;
    /** How many names a message lists before it says how many more there are. */
    private static final int NAMES_IN_MESSAGES = 20;

    private final DrillListSource lists;
    private final DrillSpecReader specs;
    private final NightRuns runs;
    private final AccountQuotas quotas;
    private final RunLayout layout;
    private final FleetSettings settings;
    private final Optional<RestoreTrendStore> trends;

    public PlanNight(DrillListSource lists, DrillSpecReader specs, NightRuns runs, AccountQuotas quotas,
                     RunLayout layout, FleetSettings settings) {
        this(lists, specs, runs, quotas, layout, settings, Optional.empty());
    }

    /**
     * @param trends each drill's recent restore times: the night starts the drills expected to take longest first
     */
    public PlanNight(DrillListSource lists, DrillSpecReader specs, NightRuns runs, AccountQuotas quotas,
                     RunLayout layout, FleetSettings settings, Optional<RestoreTrendStore> trends) {
        this.trends = Objects.requireNonNull(trends, "trends");
        this.lists = Objects.requireNonNull(lists, "lists");
        this.specs = Objects.requireNonNull(specs, "specs");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.quotas = Objects.requireNonNull(quotas, "quotas");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @throws InvalidConfigurationException when there is no drill, a spec is invalid, two drills share a name or
     *                                       {@code only} names a drill the list does not have
     * @throws NoCapacityException           when the RDS quotas leave room for no temporary instance
     */
    public NightPlan plan(NightRequest request) {
        if (request.alarmTest()) {
            return alarmTest(request);
        }
        List<ListedDrill> listed = read(request);
        // A drill that validates AWS Backup's restore tests runs when a restore job completes, never at night.
        List<String> eventDriven = listed.stream().filter(PlanNight::eventDriven).map(ListedDrill::name).toList();
        refuseEventDriven(request.only(), eventDriven);
        List<ListedDrill> nightly = listed.stream().filter(d -> !eventDriven(d)).toList();
        if (nightly.isEmpty()) {
            throw new InvalidConfigurationException("every drill of the list validates AWS Backup restore tests ("
                    + names(eventDriven) + "): their restore jobs' completion starts them, and a night would have no"
                    + " drill to run");
        }
        List<ListedDrill> drills = select(nightly, request.only());
        RdsCapacity capacity = quotas.rdsCapacity();
        int configured = settings.configuredConcurrency();
        Optional<Long> storagePerDrill = drills.stream().map(ListedDrill::spec)
                .filter(s -> s.source() instanceof DrillSpec.S3Dumps)
                .map(s -> (long) s.target().allocatedStorageGb()).max(Long::compare);
        int byInstances = capacity.concurrency(configured, Optional.empty());
        int allowed = capacity.concurrency(configured, storagePerDrill);
        if (allowed == 0) {
            throw new NoCapacityException(noCapacity(capacity, byInstances, storagePerDrill));
        }
        int wanted = Math.min(configured, drills.size());
        int concurrency = Math.min(allowed, drills.size());
        Optional<String> queued = concurrency < wanted
                ? Optional.of(queueNote(capacity, byInstances, allowed, storagePerDrill, wanted)) : Optional.empty();
        Optional<String> leftOut = eventDriven.isEmpty() || request.only().isPresent() ? Optional.empty()
                : Optional.of(eventDriven.size() + " drill(s) validate AWS Backup restore tests and run when their"
                + " restore job completes, not in the night: " + names(eventDriven));
        Optional<String> note = queued.isPresent() && leftOut.isPresent()
                ? Optional.of(queued.get() + "; " + leftOut.get()) : queued.or(() -> leftOut);
        note.ifPresent(n -> log.warn("{}", n));

        ObjectLocation items = layout.items(request.execution());
        runs.storeItems(items, longestFirst(drills).stream().map(PlannedDrill::of).toList());
        log.info("planned {} drill(s), {} at a time, items at {}", drills.size(), concurrency, items.uri());
        return new NightPlan(items, drills.size(), concurrency, configured, capacity, note, layout.bucket(),
                layout.resultsPrefix(request.execution()), layout.summary(request.execution()));
    }

    /**
     * A fire drill of the alarms: one item, the alarm test's drill, which the state machine fails without a step, so
     * no instance is started and the RDS quotas are not read.
     */
    private NightPlan alarmTest(NightRequest request) {
        ObjectLocation items = layout.items(request.execution());
        runs.storeItems(items, List.of(new PlannedDrill(AlarmTest.DRILL_NAME, AlarmTest.document(),
                Duration.ofMinutes(10))));
        String note = "an alarm test: one drill that fails on purpose, so the failed night proves the alarms reach"
                + " someone; no instance is started";
        log.info("planned {} at {}", note, items.uri());
        return new NightPlan(items, 1, 1, settings.configuredConcurrency(),
                new RdsCapacity(OptionalLong.empty(), 0, OptionalLong.empty(), 0), Optional.of(note), layout.bucket(),
                layout.resultsPrefix(request.execution()), layout.summary(request.execution()));
    }

    /**
     * The drills in the order the Map starts them: the longest expected restore first (the median of the drill's
     * recent passing restores), drills with no history before all others (they may be the longest), the list's order
     * among equals. The Map Run starts items in order at most {@code concurrency} at a time, so a long restore
     * started last would stretch the night by its whole length.
     */
    private List<ListedDrill> longestFirst(List<ListedDrill> drills) {
        if (trends.isEmpty()) {
            return drills;
        }
        Map<String, Double> expected = new LinkedHashMap<>();
        for (ListedDrill drill : drills) {
            expected.put(drill.name(), trends.get().load(drill.name()).flatMap(RestoreTrend::median)
                    .orElse(Double.POSITIVE_INFINITY));
        }
        List<ListedDrill> ordered = new ArrayList<>(drills);
        ordered.sort(Comparator.comparing((ListedDrill d) -> expected.get(d.name())).reversed());
        return ordered;
    }

    private List<ListedDrill> read(NightRequest request) {
        List<String> documents;
        String from;
        if (request.inline().isPresent()) {
            documents = request.inline().get();
            from = "the execution input";
        } else {
            ObjectLocation list = request.drillList().or(settings::deployedList).orElseThrow(() ->
                    new InvalidConfigurationException("the input gives no drills and names no drill list, and the"
                            + " deployment has none (DRILL_LIST_BUCKET and DRILL_LIST_KEY): pass {\"drills\": [...]}"
                            + " or {\"drillList\": {\"bucket\": ..., \"key\": ...}}"));
            documents = lists.specs(list);
            from = list.uri();
        }
        if (documents.isEmpty()) {
            throw new InvalidConfigurationException(from + " names no drill: an empty night proves nothing");
        }
        Map<String, String> origins = new LinkedHashMap<>();
        List<ListedDrill> drills = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String origin = from + ": drills[" + i + "]";
            int bytes = documents.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_SPEC_BYTES) {
                throw new InvalidConfigurationException(origin + ": the drill spec is " + bytes + " bytes, more than the "
                        + MAX_SPEC_BYTES + " a drill's state document can carry through its steps: shorten its checks");
            }
            ListedDrill drill = specs.read(documents.get(i), origin);
            if (drill.name().equals(AlarmTest.DRILL_NAME)) {
                throw new InvalidConfigurationException(origin + ": the name \"" + AlarmTest.DRILL_NAME + "\" is"
                        + " reserved for the alarm test (restore-drill start --alarm-test): rename the drill");
            }
            String earlier = origins.putIfAbsent(drill.name(), origin);
            if (earlier != null) {
                throw new InvalidConfigurationException(origin + ": a second drill called \"" + drill.name()
                        + "\" (the first is " + earlier + "); names must be unique: they name the temporary instances,"
                        + " the reports and the alarms");
            }
            drills.add(drill);
        }
        return drills;
    }

    private static boolean eventDriven(ListedDrill drill) {
        return drill.spec().source() instanceof DrillSpec.AwsBackupRestoreTest;
    }

    private static void refuseEventDriven(Optional<List<String>> only, List<String> eventDriven) {
        List<String> asked = only.orElse(List.of()).stream().filter(eventDriven::contains).distinct().toList();
        if (!asked.isEmpty()) {
            throw new InvalidConfigurationException("\"only\" names " + names(asked) + ", which validate"
                    + " AWS Backup restore tests: such a drill has no backup of its own to restore; it runs when its"
                    + " restore testing plan's restore job completes");
        }
    }

    private static List<ListedDrill> select(List<ListedDrill> drills, Optional<List<String>> only) {
        if (only.isEmpty()) {
            return drills;
        }
        Set<String> wanted = new LinkedHashSet<>(only.get());
        Set<String> known = new LinkedHashSet<>(drills.stream().map(ListedDrill::name).toList());
        List<String> unknown = wanted.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidConfigurationException("\"only\" names " + (unknown.size() == 1 ? "a drill" : "drills")
                    + " the list does not have: " + names(unknown) + " (the list has " + names(List.copyOf(known))
                    + ")");
        }
        return drills.stream().filter(d -> wanted.contains(d.name())).toList();
    }

    private static String noCapacity(RdsCapacity capacity, int byInstances, Optional<Long> storagePerDrill) {
        if (byInstances == 0) {
            return "the RDS quota of " + capacity.instancesMax().getAsLong() + " DB instances is used up ("
                    + capacity.instancesUsed() + " in use in this account and region): no drill can start. Delete"
                    + " instances that are no longer needed, or ask AWS for a higher DBInstances quota";
        }
        return "the RDS storage quota of " + capacity.storageMaxGib().getAsLong() + " GiB leaves "
                + capacity.storageLeftGib().getAsLong() + " GiB (" + capacity.storageUsedGib() + " GiB in use), less"
                + " than the " + storagePerDrill.orElseThrow() + " GiB one drill's instance needs: no drill can start."
                + " Free storage, or ask AWS for a higher AllocatedStorage quota";
    }

    private static String queueNote(RdsCapacity capacity, int byInstances, int allowed, Optional<Long> storagePerDrill,
                                    int wanted) {
        if (allowed == byInstances) {
            return "the RDS quota leaves " + capacity.instancesLeft().getAsLong() + " DB instances ("
                    + capacity.instancesUsed() + " of " + capacity.instancesMax().getAsLong() + " in use): drills queue "
                    + allowed + " at a time instead of " + wanted;
        }
        return "the RDS storage quota leaves " + capacity.storageLeftGib().getAsLong() + " GiB, room for " + allowed
                + " instances of " + storagePerDrill.orElseThrow() + " GiB: drills queue " + allowed
                + " at a time instead of " + wanted;
    }

    private static String names(List<String> names) {
        List<String> shown = names.subList(0, Math.min(names.size(), NAMES_IN_MESSAGES));
        return String.join(", ", shown) + (names.size() > shown.size()
                ? " and " + (names.size() - shown.size()) + " more" : "");
    }
}
