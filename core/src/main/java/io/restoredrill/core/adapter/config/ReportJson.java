package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.BaselineAcceptance;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ObjectiveResult;
import io.restoredrill.core.domain.RecoveryPoint;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.RestoredDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a {@link DrillReport} as JSON and reads it back, also as the {@link Baseline} of a later drill.
 *
 * <p>The JSON is the records' components by name, instants as ISO-8601 text, empty optionals as {@code null}.
 * Reading also accepts an optional that is left out, and ignores keys it does not know, so an older
 * restore-drill can still use a newer report as its baseline. A report written before proofs and schema
 * fingerprints existed reads with no proofs and no schema: it is still a baseline, for row counts.
 */
public final class ReportJson {

    private static final Logger log = LoggerFactory.getLogger(ReportJson.class);

    // The domain records carry no Jackson annotations: the compiler's -parameters flag (set in the parent POM)
    // and Jackson's record support find the component names, Jdk8Module handles Optional.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "tables": null or a missing "drillId" is a broken file: say which key, not an NPE from a record.
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            // Error messages name the file; they must not quote its content.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // A report written before proofs existed has no "proofs": that is no proofs, not a broken file.
            .addMixIn(DrillReport.class, ProofsMayBeMissing.class)
            // A report of a single database's backup reads and writes as before the pg_dumpall support.
            .addMixIn(RestoreStats.class, DatabasesOnlyWhenSeveral.class)
            .addMixIn(TableRowCount.class, DatabaseOnlyWhenSeveral.class)
            .build();

    /** The restore's databases are written for a pg_dumpall backup only, and are missing from older reports. */
    private abstract static class DatabasesOnlyWhenSeveral {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonSetter(nulls = Nulls.AS_EMPTY)
        abstract List<RestoredDatabase> databases();
    }

    /** A table's database is written for a pg_dumpall backup only. */
    private abstract static class DatabaseOnlyWhenSeveral {
        @JsonInclude(JsonInclude.Include.NON_ABSENT)
        abstract Optional<String> database();
    }

    /** Jackson annotations for {@link DrillReport}, kept out of the domain. */
    private abstract static class ProofsMayBeMissing {
        @JsonSetter(nulls = Nulls.AS_EMPTY)
        abstract List<ProofResult> proofs();

        @JsonSetter(nulls = Nulls.AS_EMPTY)
        abstract List<RecoveryPoint> freshness();

        @JsonSetter(nulls = Nulls.AS_EMPTY)
        abstract List<ObjectiveResult> objectives();
    }

    /**
     * The key an accepted baseline carries beside the report's own: who made it the baseline, when, why and from
     * which report ({@code restore-drill baseline accept}). A report reader that does not know it ignores it.
     */
    static final String ACCEPTANCE = "acceptance";

    private ReportJson() {
    }

    /**
     * Builds the report's serialisers now (Jackson's look at every type of the report, a few tens of milliseconds the
     * first time), so that a command that calls this on another thread while its drill runs writes its report in the
     * time the writing takes. Never throws: a type Jackson cannot serialise fails {@link #toJson} as before.
     */
    public static void prepareWriting() {
        try {
            MAPPER.writerFor(DrillReport.class); // builds and caches the serialisers (EAGER_SERIALIZER_FETCH)
        } catch (RuntimeException e) {
            log.debug("preparing the report's serialisers: {}", e.toString());
        }
    }

    /** The report as pretty-printed JSON. */
    public static String toJson(DrillReport report) {
        Objects.requireNonNull(report, "report");
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            // Only a bug (a domain type Jackson cannot serialise) gets here.
            throw new IllegalStateException("cannot serialise the drill report: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes the report to {@code file}, creating missing parent directories. The file is replaced in one step
     * (write aside, then rename), so a crash never leaves half a report where the next drill looks for its
     * baseline.
     *
     * @throws UncheckedIOException naming the file, when it cannot be written
     */
    public static void write(DrillReport report, Path file) {
        writeText(toJson(report), file);
    }

    private static void writeText(String text, Path file) {
        Objects.requireNonNull(file, "file");
        byte[] json = (text + "\n").getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
                out.write(json);
            }
            move(temporary, target);
        } catch (IOException e) {
            deleteAfterFailure(temporary, e);
            throw new UncheckedIOException("cannot write report file " + file + ": " + e, e);
        }
    }

    /**
     * Reads a report written by {@link #write}.
     *
     * @throws InvalidConfigurationException naming the file and the problem, when the file is missing,
     *                                       unreadable, not JSON or not a restore-drill report
     */
    public static DrillReport read(Path file) {
        return read(file, "report file");
    }

    /**
     * Reads the row counts and schema fingerprint of an earlier report, to compare a new drill against.
     *
     * @return a baseline whose origin is {@code reportFile}, whose rows come from the report's tables and whose
     *         schema is the report's (empty when it has none)
     * @throws InvalidConfigurationException naming the file and the problem, as {@link #read} does
     */
    public static Baseline readBaseline(Path reportFile) {
        String json = YamlDocuments.readFile(Objects.requireNonNull(reportFile, "reportFile"), "baseline file");
        return baselineOf(parse(json, "baseline file " + reportFile), reportFile.toString(),
                acceptance(json, reportFile.toString()));
    }

    /** The row counts of a report's JSON (e.g. read from S3), as a baseline whose origin is {@code origin}. */
    public static Baseline baselineFromJson(String json, String origin) {
        return baselineOf(fromJson(json, "baseline " + origin), origin, acceptance(json, origin));
    }

    /**
     * A report's JSON read from elsewhere than a file (S3, a history's folder).
     *
     * @throws InvalidConfigurationException naming {@code origin} and the problem, when it is not a report
     */
    public static DrillReport fromJson(String json, String origin) {
        Objects.requireNonNull(json, "json");
        return parse(json, Objects.requireNonNull(origin, "origin"));
    }

    /**
     * The report as an accepted baseline: its own JSON, unchanged, plus the {@code acceptance} key. Any reader of
     * reports reads it as the report it was; a baseline reader also reads who accepted it.
     */
    public static String toAcceptedBaselineJson(DrillReport report, BaselineAcceptance acceptance) {
        Objects.requireNonNull(acceptance, "acceptance");
        com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.valueToTree(report);
        tree.set(ACCEPTANCE, MAPPER.valueToTree(acceptance));
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the accepted baseline: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@link #toAcceptedBaselineJson} to {@code file} the way {@link #write} writes a report. */
    public static void writeAcceptedBaseline(DrillReport report, BaselineAcceptance acceptance, Path file) {
        writeText(toAcceptedBaselineJson(report, acceptance), file);
    }

    private static Optional<BaselineAcceptance> acceptance(String json, String origin) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = MAPPER.readTree(json).get(ACCEPTANCE);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            return Optional.of(MAPPER.treeToValue(node, BaselineAcceptance.class));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidConfigurationException("baseline " + origin + ": \"" + ACCEPTANCE + "\" is not valid: "
                    + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("baseline " + origin + ": \"" + ACCEPTANCE + "\" is not valid: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static Baseline baselineOf(DrillReport report, String origin, Optional<BaselineAcceptance> accepted) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (TableRowCount table : report.tables()) {
            rows.putIfAbsent(table.qualifiedName(), table.rows());
        }
        if (rows.isEmpty()) {
            // Not an error: the drill that wrote it may have failed before counting, and refusing it would make
            // every later drill that uses this file as baseline fail too. But nothing is compared, so say so.
            log.warn("baseline {} holds no table row counts (its drill {}); no table will be checked for shrinkage",
                    origin, report.verdict());
        }
        return new Baseline(origin, rows, report.schema(), accepted);
    }

    private static DrillReport read(Path file, String what) {
        Objects.requireNonNull(file, "file");
        String json = YamlDocuments.readFile(file, what);
        return parse(json, what + " " + file);
    }

    /** @param described the report as messages name it: "report file x.json", "s3://bucket/key" */
    private static DrillReport parse(String json, String described) {
        if (json.isBlank()) {
            throw new InvalidConfigurationException(described + " is empty");
        }
        try {
            return MAPPER.readValue(json, DrillReport.class);
        } catch (ValueInstantiationException e) {
            // A record constructor refused the values, e.g. a FAILED verdict without a failure reason.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidConfigurationException(described + " is not a valid restore-drill report: "
                    + cause.getMessage(), e);
        } catch (MismatchedInputException e) {
            String key = keyPath(e);
            String problem = e.getOriginalMessage().startsWith("Null value for creator property")
                    ? "\"" + key + "\" is missing or null"
                    : (key.isEmpty() ? "" : "\"" + key + "\": ") + e.getOriginalMessage();
            throw new InvalidConfigurationException(described + " is not a valid restore-drill report"
                    + at(e.getLocation()) + ": " + problem, e);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(described + " is not valid JSON"
                    + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Where in the report a problem is, e.g. {@code checks[1].name}. */
    private static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteAfterFailure(Path temporary, IOException failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
