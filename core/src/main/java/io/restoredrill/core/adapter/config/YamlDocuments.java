package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Reads restore-drill's YAML config files into Jackson trees and binds parts of them to records, turning every
 * problem into an {@link InvalidConfigurationException} that names the file, the item and what is wrong.
 * Shared by every config file format (the checks file now, the drill spec later).
 *
 * <p>Messages never quote the file's content beyond the offending key or value: a config file may hold SQL
 * that its author does not want in a log.
 */
final class YamlDocuments {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            // A key given twice is almost always a copy-paste slip; YAML's default (last one wins) would hide it.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private YamlDocuments() {
    }

    /** The text of a config file, read as UTF-8. {@code what} names the kind of file, e.g. "checks file". */
    static String readFile(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(what + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new InvalidConfigurationException(what + " " + file + " cannot be read: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new InvalidConfigurationException(what + " " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(what + " " + file + " cannot be read: " + e, e);
        }
    }

    /**
     * Parses a YAML document whose top level must be a mapping.
     *
     * @param origin names the document in messages, usually the file path
     */
    static ObjectNode parseMapping(String yaml, String origin) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(origin + ": " + syntaxProblem(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidConfigurationException(origin + ": the file is empty");
        }
        if (!root.isObject()) {
            throw new InvalidConfigurationException(
                    origin + ": the top level must be a mapping of keys to values, found " + describe(root));
        }
        return (ObjectNode) root;
    }

    /**
     * Binds a mapping to a record, rejecting keys the record has no component for.
     *
     * @param item names the item in messages
     */
    static <T extends Record> T bind(JsonNode node, Class<T> type, ConfigItem item) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw item.invalid("unknown key \"" + e.getPropertyName()
                    + "\" (allowed keys: " + String.join(", ", keysOf(type)) + ")", e);
        } catch (MismatchedInputException e) {
            String key = lastKey(e);
            String found = key == null ? describe(node) : describe(node.get(key));
            throw item.invalid((key == null ? "value" : "\"" + key + "\"") + " must be " + expected(e.getTargetType())
                    + ", found " + found, e);
        } catch (JsonProcessingException e) {
            throw item.invalid(e.getOriginalMessage(), e);
        }
    }

    /** The keys a record accepts, in declaration order. */
    static List<String> keysOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** What a node is, as a person reading a YAML file would call it. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "text";
    }

    private static String syntaxProblem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // SnakeYAML knows exactly where it stopped; Jackson's location is that of the last good token.
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark mark = marked.getProblemMark();
                String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
                // "expect: >= 5" unquoted: YAML reads ">" as the start of a folded text block.
                String hint = context.contains("block scalar") ? CheckDefinition.QUOTE_HINT : "";
                return "invalid YAML at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                        + ": " + marked.getProblem() + context + hint;
            }
        }
        JsonLocation location = e.getLocation();
        String at = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return "invalid YAML" + at + ": " + e.getOriginalMessage();
    }

    private static String lastKey(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        return path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a single value (text or a number)";
        }
        return type == null ? "of another kind" : "a " + type.getSimpleName();
    }
}
