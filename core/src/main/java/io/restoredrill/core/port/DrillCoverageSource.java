package io.restoredrill.core.port;

import io.restoredrill.core.domain.DrillCoverage;

import java.util.List;

/** Which production databases the drills cover, read from where the drills keep their reports. */
public interface DrillCoverageSource {

    /** Where it looks, for people: e.g. {@code s3://bucket/reports/}. */
    String describe();

    /**
     * @throws io.restoredrill.core.domain.InvalidConfigurationException when the reports cannot be listed
     */
    Coverage coverage();

    /**
     * @param drills   drills that passed at least once and whose production database is known
     * @param unmapped drills whose reports name no production database (e.g. dump drills), by name
     */
    record Coverage(List<DrillCoverage> drills, List<String> unmapped) {
        public Coverage {
            drills = List.copyOf(drills);
            unmapped = List.copyOf(unmapped);
        }
    }
}
