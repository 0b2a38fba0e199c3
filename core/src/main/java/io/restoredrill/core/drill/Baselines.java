package io.restoredrill.core.drill;

import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.port.ReportStore;

import java.util.Objects;
import java.util.Optional;

/** The row counts a drill compares its own with. Looked up only once the tables were counted. */
public interface Baselines {

    Optional<Baseline> find();

    /** How a shrinkage failure names the baseline, after the table's description. */
    String cite(Baseline baseline);

    /** No baseline: nothing is compared. */
    static Baselines none() {
        return given(Optional.empty());
    }

    /** A baseline the user gave (local mode's {@code --baseline} report). */
    static Baselines given(Optional<Baseline> baseline) {
        Objects.requireNonNull(baseline, "baseline");
        return new Baselines() {
            @Override
            public Optional<Baseline> find() {
                return baseline;
            }

            @Override
            public String cite(Baseline b) {
                return "against baseline " + b.origin();
            }
        };
    }

    /** The drill's last passing report in a report store (the AWS path). */
    static Baselines lastPassingReport(ReportStore reports, String drillName) {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(drillName, "drillName");
        return new Baselines() {
            @Override
            public Optional<Baseline> find() {
                return reports.latestBaseline(drillName);
            }

            @Override
            public String cite(Baseline b) {
                return "since the last passing drill (" + b.origin() + ")";
            }
        };
    }
}
