package io.restoredrill.core.adapter.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a Terraform working directory keeps its state, from what {@code terraform init} recorded there: the file
 * {@code .terraform/terraform.tfstate} holds the initialised backend's {@code "backend": {"type": ...}}. No such
 * file means no backend was configured (or init never ran), and Terraform keeps the state in
 * {@code terraform.tfstate} beside the configuration: on one machine only, which is how a plan comes to replace
 * what it cannot see. This reads no configuration file and runs no terraform; a backend configured after the last
 * init shows only after the next one.
 */
public final class TerraformBackend {

    /**
     * @param type       the backend type init recorded, empty when none was
     * @param localOnly  whether the state lives only in this directory's files
     */
    public record Finding(Optional<String> type, boolean localOnly, String description) {
    }

    private TerraformBackend() {
    }

    public static Finding inspect(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidConfigurationException("--terraform-dir " + directory + ": no such folder");
        }
        Path recorded = directory.resolve(".terraform").resolve("terraform.tfstate");
        if (!Files.isRegularFile(recorded)) {
            return new Finding(Optional.empty(), true, "no backend recorded in " + recorded + " (terraform init"
                    + " configured none): the state is kept in " + directory.resolve("terraform.tfstate")
                    + " on this machine only");
        }
        JsonNode backend;
        try {
            backend = PlanFiles.JSON.readTree(Files.readString(recorded, StandardCharsets.UTF_8)).path("backend");
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(recorded + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException("cannot read " + recorded + ": " + e.getMessage(), e);
        }
        String type = PlanFiles.text(backend, "type");
        if (type.isEmpty() || type.equals("local")) {
            String path = PlanFiles.text(backend.path("config"), "path");
            return new Finding(Optional.of(type.isEmpty() ? "none" : type), true, "the backend recorded in "
                    + recorded + " is " + (type.isEmpty() ? "none" : "\"local\"") + ": the state is kept in "
                    + (path.isEmpty() ? directory.resolve("terraform.tfstate").toString() : path)
                    + " on this machine only");
        }
        return new Finding(Optional.of(type), false, "state in the \"" + type + "\" backend (recorded in "
                + recorded + ")");
    }
}
