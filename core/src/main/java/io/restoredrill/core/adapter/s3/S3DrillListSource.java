package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.port.DrillListSource;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The drill list in S3: one JSON document {@code {"drills": [spec, ...]}} (the deploy-time asset). */
public final class S3DrillListSource implements DrillListSource {

    private final NightDocuments documents;

    public S3DrillListSource(S3Client s3) {
        this.documents = new NightDocuments(Objects.requireNonNull(s3, "s3"), new ObjectMapper());
    }

    @Override
    public List<String> specs(ObjectLocation list) {
        JsonNode root = documents.read(list, "the drill list");
        if (!root.isObject() || !root.path("drills").isArray()) {
            throw new InvalidConfigurationException("the drill list " + list.uri()
                    + " is not {\"drills\": [<drill spec>, ...]}");
        }
        List<String> specs = new ArrayList<>();
        root.get("drills").forEach(spec -> specs.add(spec.toString()));
        return specs;
    }
}
