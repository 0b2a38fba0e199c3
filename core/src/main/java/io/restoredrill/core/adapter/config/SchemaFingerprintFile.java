package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A committed schema fingerprint ({@code schema: { expect: <file> }}), to compare restored schemas with instead
 * of the baseline's. The file is either a fingerprint, {@code {"digest": ..., "objects": [...]}}, or a whole drill
 * report, whose {@code "schema"} is taken. In a hand-written or hand-edited fingerprint the digest may be left
 * out: it is computed; when it is there it must match the objects.
 */
public final class SchemaFingerprintFile {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private SchemaFingerprintFile() {
    }

    /** Writes the fingerprint alone, pretty-printed, to commit it. */
    public static void write(SchemaFingerprint fingerprint, Path file) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        try {
            Files.writeString(file, MAPPER.writeValueAsString(fingerprint) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write schema fingerprint file " + file + ": " + e, e);
        }
    }

    /**
     * @throws InvalidConfigurationException naming the file and the problem: missing, not JSON, neither a
     *                                       fingerprint nor a report with one, a digest that does not match
     */
    public static SchemaFingerprint read(Path file) {
        String what = "schema fingerprint file " + file;
        String json = YamlDocuments.readFile(file, "schema fingerprint file");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode node = root != null && root.has("objects") ? root : root == null ? null : root.get("schema");
        if (node == null || !node.isObject() || node.get("objects") == null || !node.get("objects").isArray()) {
            throw new InvalidConfigurationException(what + " holds no schema fingerprint: expected \"objects\", or a"
                    + " drill report whose \"schema\" is not null");
        }
        List<SchemaObject> objects = new ArrayList<>();
        try {
            for (JsonNode object : node.get("objects")) {
                objects.add(MAPPER.treeToValue(object, SchemaObject.class));
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidConfigurationException(what + " has an invalid object " + (objects.size() + 1) + ": "
                    + message, e);
        }
        try {
            SchemaFingerprint computed = SchemaFingerprint.of(objects);
            JsonNode digest = node.get("digest");
            return digest == null || digest.isNull() ? computed : new SchemaFingerprint(digest.asText(), objects);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(what + ": " + e.getMessage(), e);
        }
    }
}
