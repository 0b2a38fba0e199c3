package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Reads and writes the state document. One mapper, so every handler speaks exactly the same JSON. */
public final class StateJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // The state machine may add fields of its own (e.g. a poll counter); they pass through other steps
            // untouched by the state machine's ResultPath, so a handler need not know them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StateJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @throws InvalidConfigurationException when the input is not a state document, naming what is wrong
     */
    public static DrillState read(InputStream json) {
        try {
            DrillState state = MAPPER.readValue(json, DrillState.class);
            if (state == null) {
                throw new InvalidConfigurationException("the event is empty; expected a state document"
                        + " with at least \"drill\" and \"executionId\"");
            }
            return state;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigurationException("the event is not a state document: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DrillState read(String json) {
        return read(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static void write(DrillState state, OutputStream out) {
        try {
            MAPPER.writeValue(out, state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJson(DrillState state) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
