package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.history.AlarmTestJson;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.DrillVerdict;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.MapRunChild;
import io.restoredrill.core.domain.NightReport;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.NightRuns;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A night's documents in S3.
 *
 * <ul>
 *   <li>Items ({@code drills.json}): a JSON array, one {@code {"drill": <spec>, "limits": {"restoreSeconds": N}}}
 *       per drill, which the Distributed Map's ItemReader ({@code s3:getObject}, InputType JSON: a JSON array; Developer
 *       Guide, "ItemReader (Map)", https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html)
 *       reads.</li>
 *   <li>Results: the Map's ResultWriter writes a {@code manifest.json} ({@code DestinationBucket},
 *       {@code MapRunArn}, {@code ResultFiles} with {@code SUCCEEDED}, {@code FAILED} and {@code PENDING} lists
 *       of {@code {Key, Size}}) and the result files it names, each a JSON array of child executions with
 *       {@code ExecutionArn}, {@code Input} and (succeeded) {@code Output} as JSON strings, {@code Status}, and
 *       (failed, timed out, aborted) {@code Error} and {@code Cause}. Step Functions Developer Guide, "ResultWriter
 *       (Map)", https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html.</li>
 *   <li>Summary ({@code summary.json}): every drill's verdict.</li>
 * </ul>
 */
public final class S3NightRuns implements NightRuns {

    /** The result-file lists of the manifest, in the order they are read. */
    static final List<String> RESULT_LISTS = List.of("SUCCEEDED", "FAILED", "PENDING");

    private final ObjectMapper json = new ObjectMapper();
    private final NightDocuments documents;

    public S3NightRuns(S3Client s3) {
        this.documents = new NightDocuments(Objects.requireNonNull(s3, "s3"), json);
    }

    @Override
    public void storeItems(ObjectLocation where, List<PlannedDrill> items) {
        ArrayNode array = json.createArrayNode();
        for (PlannedDrill item : items) {
            ObjectNode node = array.addObject();
            node.set("drill", parse(item.document(), "the spec of drill " + item.name()));
            node.putObject("limits").put("restoreSeconds", item.restoreTimeout().toSeconds());
        }
        documents.write(where, array, "the night's items");
    }

    @Override
    public List<String> plannedDrills(ObjectLocation items) {
        JsonNode array = documents.read(items, "the night's items");
        if (!array.isArray()) {
            throw new InvalidConfigurationException("the night's items " + items.uri() + " are not a JSON array");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : array) {
            names.add(item.path("drill").path("name").asText("(unnamed item " + names.size() + ")"));
        }
        return names;
    }

    @Override
    public List<MapRunChild> children(ObjectLocation manifest) {
        JsonNode root = documents.read(manifest, "the Map's result manifest");
        JsonNode files = root.path("ResultFiles");
        if (!files.isObject()) {
            throw new InvalidConfigurationException("the Map's result manifest " + manifest.uri()
                    + " has no ResultFiles: is it a ResultWriter manifest.json?");
        }
        String bucket = root.path("DestinationBucket").asText(manifest.bucket());
        List<MapRunChild> children = new ArrayList<>();
        for (String list : RESULT_LISTS) {
            for (JsonNode file : files.path(list)) {
                ObjectLocation where = new ObjectLocation(bucket, file.path("Key").asText());
                JsonNode entries = documents.read(where, "the Map's " + list + " results");
                if (!entries.isArray()) {
                    throw new InvalidConfigurationException("the Map's results " + where.uri() + " are not a JSON array");
                }
                entries.forEach(entry -> children.add(child(entry, list)));
            }
        }
        return children;
    }

    @Override
    public void storeSummary(ObjectLocation where, NightReport report) {
        ObjectNode root = json.createObjectNode();
        root.put("execution", report.execution());
        root.put("mapRunArn", report.mapRunArn().orElse(null));
        root.put("drills", report.verdicts().size());
        root.put("passed", report.passed());
        root.put("failed", report.failed());
        root.put("orphaned", report.orphaned());
        ArrayNode verdicts = root.putArray("verdicts");
        for (DrillVerdict v : report.verdicts()) {
            verdicts.addObject().put("drill", v.drill()).put("verdict", v.verdict().name()).put("reason", v.reason())
                    .put("instance", v.instance().orElse(null)).put("cleanup", v.cleanup())
                    .put("orphaned", v.orphaned());
        }
        documents.write(where, root, "the night's summary");
    }

    @Override
    public void storeAlarmTest(ObjectLocation where, AlarmTest.Record record) {
        documents.write(where, AlarmTestJson.toJson(record), "the alarm test's record");
    }

    private MapRunChild child(JsonNode entry, String list) {
        String status = entry.path("Status").asText(list);
        Optional<JsonNode> input = embedded(entry.path("Input"));
        Optional<String> drill = input.map(i -> i.path("state").path("drill").path("name"))
                .filter(JsonNode::isTextual).map(JsonNode::asText);
        Optional<String> executionId = input.map(i -> i.path("state").path("executionId"))
                .filter(JsonNode::isTextual).map(JsonNode::asText);
        Optional<DrillVerdict> verdict = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (status.equals("SUCCEEDED")) {
            Optional<JsonNode> output = embedded(entry.path("Output"));
            if (output.isEmpty()) {
                problem = Optional.of(entry.path("OutputDetails").path("Included").asBoolean(true)
                        ? "its output is not JSON" : "its output was not included in the results");
            } else {
                try {
                    verdict = Optional.of(verdict(output.get()));
                    drill = drill.or(() -> Optional.of(output.get().path("drill").asText()));
                } catch (IllegalArgumentException e) {
                    problem = Optional.of(e.getMessage());
                    if (drill.isEmpty() && output.get().path("drill").isTextual()) {
                        drill = Optional.of(output.get().path("drill").asText());
                    }
                }
            }
        }
        return new MapRunChild(status, drill, executionId, verdict, text(entry, "Error"), text(entry, "Cause"),
                problem.map(p -> p + " (" + entry.path("ExecutionArn").asText("no execution ARN") + ")"));
    }

    /** The child's verdict document: {drill, verdict, reason, instance, cleanup, orphaned}. */
    private static DrillVerdict verdict(JsonNode output) {
        if (!output.path("drill").isTextual() || !output.path("verdict").isTextual()) {
            throw new IllegalArgumentException("its output has no \"drill\" and \"verdict\": " + cut(output.toString()));
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(output.get("verdict").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its verdict is \"" + output.get("verdict").asText()
                    + "\", neither PASSED nor FAILED");
        }
        return new DrillVerdict(output.get("drill").asText(), verdict, output.path("reason").asText(""),
                text(output, "instance"), output.path("cleanup").asText("unknown"),
                output.path("orphaned").asBoolean(false));
    }

    /** Input and Output are JSON documents written as strings. */
    private Optional<JsonNode> embedded(JsonNode field) {
        if (field.isObject()) {
            return Optional.of(field);
        }
        if (!field.isTextual()) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(field.asText());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JsonNode parse(String document, String what) {
        try {
            return json.readTree(document);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not JSON", e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
