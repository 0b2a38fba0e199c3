package io.restoredrill.core.port;

import io.restoredrill.core.domain.ListedDrill;

/** Validates one drill spec document with the core's parser, filling in the deployment's defaults first. */
public interface DrillSpecReader {

    /**
     * @param document the spec as JSON, as the drill list or the execution input gives it
     * @param origin   names the spec in messages, e.g. {@code s3://bucket/drills.json: drills[3]}
     * @throws io.restoredrill.core.domain.InvalidConfigurationException naming the origin and what is wrong
     */
    ListedDrill read(String document, String origin);
}
