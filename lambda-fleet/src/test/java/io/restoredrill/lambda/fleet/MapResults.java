package io.restoredrill.lambda.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restoredrill.lambda.fleet.FleetFixtures.JSON;

/**
 * What a Distributed Map's ResultWriter leaves in S3, in the format the Step Functions Developer Guide documents
 * ("ResultWriter (Map)", https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html): a
 * {@code manifest.json} with {@code DestinationBucket}, {@code MapRunArn} and {@code ResultFiles} (lists
 * {@code FAILED}, {@code PENDING}, {@code SUCCEEDED} of {@code {Key, Size}}), and result files, JSON arrays of child
 * executions whose {@code Input} and {@code Output} are JSON documents written as strings; failed ones carry
 * {@code Error} and {@code Cause} and no {@code Output}. Step Functions writes it; tests write it the same way.
 */
final class MapResults {

    static final String MAP_RUN = "0f8e5a3c-1d2b-4c5d-8e9f-0a1b2c3d4e5f";
    static final String MAP_RUN_ARN = "arn:aws:states:us-east-1:123456789012:mapRun:restore-drill/RunDrills:" + MAP_RUN;
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:restore-drill/RunDrills";

    private final String bucket;
    private final String prefix;
    private final Map<String, ArrayNode> files = new java.util.LinkedHashMap<>();

    MapResults(String bucket, String execution) {
        this.bucket = bucket;
        this.prefix = "runs/" + execution + "/results/" + MAP_RUN + "/";
    }

    String manifestKey() {
        return prefix + "manifest.json";
    }

    /** The child's input, as the parent's ItemSelector builds it from an item. */
    private static ObjectNode input(String drill, int index, String executionId) {
        ObjectNode input = JSON.createObjectNode();
        ObjectNode state = input.putObject("state");
        state.putObject("drill").put("name", drill);
        state.put("executionId", executionId);
        input.putObject("limits").put("restoreSeconds", 7200);
        input.put("index", index);
        return input;
    }

    private ObjectNode entry(String file, String drill, int index, String status) {
        String child = "arn:aws:states:us-east-1:123456789012:execution:restore-drill/RunDrills:child-" + index;
        ObjectNode e = files.computeIfAbsent(file, f -> JSON.createArrayNode()).addObject();
        e.put("ExecutionArn", child);
        e.put("Input", input(drill, index, child).toString());
        e.putObject("InputDetails").put("Included", true);
        e.put("Name", "child-" + index);
        e.put("RedriveCount", 0);
        e.put("StartDate", "2026-12-01T03:00:00.000Z");
        e.put("StateMachineArn", STATE_MACHINE);
        e.put("Status", status);
        e.put("StopDate", "2026-12-01T03:41:00.000Z");
        return e;
    }

    /** A child that ran to its Verdict state. */
    MapResults succeeded(String drill, int index, String verdict, String reason, boolean orphaned) {
        String instance = "restore-drill-" + drill + "-0123456789ab";
        ObjectNode output = JSON.createObjectNode().put("drill", drill).put("verdict", verdict).put("reason", reason)
                .put("instance", instance).put("cleanup", orphaned ? "FAILED: orphan " + instance : "deleted")
                .put("orphaned", orphaned);
        ObjectNode e = entry("SUCCEEDED_0.json", drill, index, "SUCCEEDED");
        e.put("Output", output.toString());
        e.putObject("OutputDetails").put("Included", true);
        return this;
    }

    /** A child that failed, timed out or was aborted (children never fail by design). */
    MapResults failed(String drill, int index, String status, String error, String cause) {
        ObjectNode e = entry("FAILED_0.json", drill, index, status);
        e.put("Error", error);
        e.put("Cause", cause);
        return this;
    }

    void writeTo(S3Client s3) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", MAP_RUN_ARN);
        ObjectNode resultFiles = manifest.putObject("ResultFiles");
        Map<String, List<ObjectNode>> lists = new java.util.LinkedHashMap<>();
        for (String list : List.of("FAILED", "PENDING", "SUCCEEDED")) {
            lists.put(list, new ArrayList<>());
        }
        files.forEach((name, entries) -> {
            String body = entries.toString();
            FleetFixtures.put(s3, bucket, prefix + name, body);
            lists.get(name.substring(0, name.indexOf('_'))).add(JSON.createObjectNode().put("Key", prefix + name)
                    .put("Size", body.length()));
        });
        lists.forEach((list, entries) -> resultFiles.putArray(list).addAll(entries));
        FleetFixtures.put(s3, bucket, manifestKey(), manifest.toString());
    }
}
