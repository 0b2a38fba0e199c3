package io.restoredrill.core.port;

import io.restoredrill.core.domain.ObjectLocation;

import java.util.List;

/** The deployed drill list: one document {@code {"drills": [spec, ...]}} written at deploy time. */
public interface DrillListSource {

    /**
     * Every spec of the list, as JSON documents, in the list's order.
     *
     * @throws io.restoredrill.core.domain.InvalidConfigurationException when the document is missing or not a list
     */
    List<String> specs(ObjectLocation list);
}
