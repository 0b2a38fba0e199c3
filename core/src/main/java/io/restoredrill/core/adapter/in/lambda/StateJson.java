package io.restoredrill.core.adapter.in.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restoredrill.core.adapter.config.DrillSpecFile;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.workflow.CleanupResult;
import io.restoredrill.core.workflow.DrillInput;
import io.restoredrill.core.workflow.DrillState;
import io.restoredrill.core.workflow.InstanceStatus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes the state document, mapping it to and from the workflow's {@link DrillState}. One mapper, so
 * every handler speaks exactly the same JSON; the JSON is what the README's "The state document" shows.
 */
public final class StateJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(stateDocumentModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // The state machine may add fields of its own (e.g. a poll counter); they pass through other steps
            // untouched by the state machine's ResultPath, so a handler need not know them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // cleanup.cluster only for an Aurora cluster drill: an instance drill's cleanup is written as before.
            .addMixIn(DrillState.Cleanup.class, ClusterOnlyWhenPresent.class)
            .build();

    private abstract static class ClusterOnlyWhenPresent {
        @JsonInclude(JsonInclude.Include.NON_ABSENT)
        abstract Optional<DrillState.CopyCleanup> cluster();
    }

    /** Where a refused spec's message says it came from. */
    private static final String DRILL_ORIGIN = "drill spec";

    private StateJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The drill spec of a state document, parsed; an invalid one is kept with its reason (see {@link DrillInput}).
     */
    public static DrillInput drill(JsonNode spec) {
        try {
            return DrillInput.of(DrillSpecFile.parse(spec, DRILL_ORIGIN));
        } catch (InvalidConfigurationException e) {
            return new DrillInput.Invalid(e);
        }
    }

    /**
     * @throws InvalidConfigurationException when the input is not a state document, naming what is wrong
     */
    public static StateDocument readDocument(InputStream json) {
        try {
            Wire wire = MAPPER.readValue(json, Wire.class);
            if (wire == null) {
                throw new InvalidConfigurationException("the event is empty; expected a state document"
                        + " with at least \"drill\" and \"executionId\"");
            }
            return wire.document();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigurationException("the event is not a state document: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StateDocument readDocument(String json) {
        return readDocument(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The state of a document, for a step; what the document's drill looked like is not kept. */
    public static DrillState read(InputStream json) {
        return readDocument(json).state();
    }

    public static DrillState read(String json) {
        return readDocument(json).state();
    }

    public static void write(StateDocument document, OutputStream out) {
        try {
            MAPPER.writeValue(out, Wire.of(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJson(StateDocument document) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Wire.of(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as JSON has it: the drill as given, the other parts as the steps' records, in this order. */
    record Wire(JsonNode drill, String executionId, Optional<DrillState.Backup> backup,
                // Only for an Aurora cluster drill: an instance drill's document is as before.
                @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<DrillState.Cluster> cluster,
                Optional<DrillState.Instance> instance, Optional<DrillState.SnapshotCopy> snapshotCopy,
                Optional<DrillState.Audit> audit,
                // Only while (and after) validate took rounds: the document of a one-round drill is as before.
                @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<DrillState.Proving> proving,
                Optional<DrillState.Validation> validation,
                Optional<DrillState.Cleanup> cleanup, Optional<DrillState.StepError> error) {

        Wire {
            Objects.requireNonNull(drill, "drill");
            Objects.requireNonNull(executionId, "executionId");
        }

        static Wire of(StateDocument document) {
            DrillState s = document.state();
            return new Wire(document.drill(), s.executionId(), s.backup(), s.cluster(), s.instance(), s.snapshotCopy(),
                    s.audit(),
                    s.proving(), s.validation(), s.cleanup(), s.error());
        }

        StateDocument document() {
            return new StateDocument(drill, new DrillState(StateJson.drill(drill), executionId, backup, instance,
                    snapshotCopy, audit, proving, validation, cleanup, error, cluster));
        }
    }

    /** The statuses in lower case with hyphens; the Catch's error under Step Functions' own names. */
    private static SimpleModule stateDocumentModule() {
        SimpleModule module = new SimpleModule("state-document");
        wireValues(module, InstanceStatus.class, InstanceStatus::wire, InstanceStatus::of);
        wireValues(module, CleanupResult.class, CleanupResult::wire, CleanupResult::of);
        module.addSerializer(DrillState.StepError.class, new StdSerializer<>(DrillState.StepError.class) {
            @Override
            public void serialize(DrillState.StepError value, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                gen.writeStartObject();
                gen.writeStringField("Error", value.error());
                gen.writeStringField("Cause", value.cause());
                gen.writeEndObject();
            }
        });
        module.addDeserializer(DrillState.StepError.class, new StdDeserializer<>(DrillState.StepError.class) {
            @Override
            public DrillState.StepError deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode node = p.readValueAsTree();
                return new DrillState.StepError(text(node, "Error"), text(node, "Cause"));
            }
        });
        return module;
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static <T> void wireValues(SimpleModule module, Class<T> type, Function<T, String> toWire,
                                       Function<String, T> fromWire) {
        module.addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(toWire.apply(value));
            }
        });
        module.addDeserializer(type, new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return fromWire.apply(text);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, e.getMessage(), text, type);
                }
            }
        });
    }
}
