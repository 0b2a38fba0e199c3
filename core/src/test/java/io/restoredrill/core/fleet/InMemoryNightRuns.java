package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.MapRunChild;
import io.restoredrill.core.domain.NightReport;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;
import io.restoredrill.core.port.NightRuns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The night's documents in memory: what a use case stored, and the Map results a test gives it. */
final class InMemoryNightRuns implements NightRuns {

    final Map<ObjectLocation, List<PlannedDrill>> items = new LinkedHashMap<>();
    final Map<ObjectLocation, List<MapRunChild>> results = new LinkedHashMap<>();
    final Map<ObjectLocation, NightReport> summaries = new LinkedHashMap<>();
    final Map<ObjectLocation, io.restoredrill.core.domain.AlarmTest.Record> alarmTests = new LinkedHashMap<>();

    @Override
    public void storeItems(ObjectLocation where, List<PlannedDrill> drills) {
        items.put(where, List.copyOf(drills));
    }

    @Override
    public List<String> plannedDrills(ObjectLocation where) {
        return items.getOrDefault(where, List.of()).stream().map(PlannedDrill::name).toList();
    }

    @Override
    public List<MapRunChild> children(ObjectLocation manifest) {
        return new ArrayList<>(results.getOrDefault(manifest, List.of()));
    }

    @Override
    public void storeSummary(ObjectLocation where, NightReport report) {
        summaries.put(where, report);
    }

    @Override
    public void storeAlarmTest(ObjectLocation where, io.restoredrill.core.domain.AlarmTest.Record record) {
        alarmTests.put(where, record);
    }
}
