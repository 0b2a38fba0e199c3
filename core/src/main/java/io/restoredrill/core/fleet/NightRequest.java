package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a night is asked to run: drills given inline (a manual run), or a drill list (the schedule names the deployed
 * one; without either the deployment's own list is read), optionally only some of them by name.
 *
 * @param execution the execution's name, which names the night's folder ({@link RunLayout})
 * @param inline    drill specs as JSON documents, when the input carries them
 * @param drillList the list to read, when the input names one
 * @param only      the names to run, when the input limits the night to them
 * @param alarmTest the night is a fire drill of the alarms ({@link AlarmTest}): no drill of a list runs
 */
public record NightRequest(String execution, Optional<List<String>> inline, Optional<ObjectLocation> drillList,
                           Optional<List<String>> only, boolean alarmTest) {

    /** A night of drills. */
    public NightRequest(String execution, Optional<List<String>> inline, Optional<ObjectLocation> drillList,
                        Optional<List<String>> only) {
        this(execution, inline, drillList, only, false);
    }

    public NightRequest {
        RunLayout.checkExecutionName(execution);
        Objects.requireNonNull(inline, "inline");
        Objects.requireNonNull(drillList, "drillList");
        Objects.requireNonNull(only, "only");
        inline = inline.map(List::copyOf);
        only = only.map(List::copyOf);
        if (inline.isPresent() && drillList.isPresent()) {
            throw new InvalidConfigurationException("the input gives both \"drills\" and \"drillList\": give the"
                    + " drills inline, or name a list, not both");
        }
        if (alarmTest && (inline.isPresent() || drillList.isPresent() || only.isPresent())) {
            throw new InvalidConfigurationException("an alarm test runs no drill: give \"alarmTest\": true alone,"
                    + " without \"drills\", \"drillList\" or \"only\"");
        }
        if (only.isPresent() && only.get().isEmpty()) {
            throw new InvalidConfigurationException("\"only\" is empty: name at least one drill, or leave it out to"
                    + " run them all");
        }
    }
}
