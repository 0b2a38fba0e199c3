package io.restoredrill.core.adapter.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an infrastructure plan's JSON and tells which kind it is: Terraform's {@code terraform show -json <plan>}
 * ({@code format_version}, {@code resource_changes}) or a CloudFormation change set as
 * {@code aws cloudformation describe-change-set --include-property-values --output json} prints it
 * ({@code Changes}).
 */
public final class PlanFiles {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private PlanFiles() {
    }

    /** @throws InvalidConfigurationException naming the file: missing, not JSON, cut short, of no known kind */
    public static ReadPlan read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigurationException("cannot read the plan " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static ReadPlan parse(String text, String origin) {
        if (text.isBlank()) {
            throw new InvalidConfigurationException("the plan " + origin + " is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("the plan " + origin + " is not JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage() + "; give the output of `terraform show -json <planfile>` or of `aws"
                    + " cloudformation describe-change-set --include-property-values --output json`", e);
        }
        if (root.isObject() && (root.has("resource_changes") || root.has("format_version"))) {
            return TerraformPlanJson.read(root, origin);
        }
        if (root.isObject() && root.has("Changes")) {
            return ChangeSetJson.read(root, origin);
        }
        throw new InvalidConfigurationException("the plan " + origin + " is neither a Terraform plan (no"
                + " \"format_version\" or \"resource_changes\") nor a CloudFormation change set (no \"Changes\")");
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
