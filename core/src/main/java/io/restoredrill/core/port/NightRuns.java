package io.restoredrill.core.port;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.MapRunChild;
import io.restoredrill.core.domain.NightReport;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;

import java.util.List;

/** A night's documents: the items its Map reads, the results its Map writes, the summary. */
public interface NightRuns {

    /** Writes the night's items, one per drill, where the Map's item reader reads them. */
    void storeItems(ObjectLocation where, List<PlannedDrill> items);

    /** The drills' names of stored items, in order. */
    List<String> plannedDrills(ObjectLocation items);

    /** Every child execution that the Map's result writer lists in this manifest. */
    List<MapRunChild> children(ObjectLocation manifest);

    void storeSummary(ObjectLocation where, NightReport report);

    /** Writes the record of a night that was an alarm test, where the history reads it. */
    void storeAlarmTest(ObjectLocation where, AlarmTest.Record record);
}
