package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.SchemaFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SchemaFingerprintFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaFingerprint SHOP = ReportJsonTest.SHOP_SCHEMA;

    @TempDir
    Path dir;

    @Test
    void aWrittenFingerprintReadsBack() {
        Path file = dir.resolve("schema.json");

        SchemaFingerprintFile.write(SHOP, file);

        assertThat(SchemaFingerprintFile.read(file)).isEqualTo(SHOP);
    }

    @Test
    void aDrillReportGivesItsSchema() {
        Path report = dir.resolve("report.json");
        ReportJson.write(ReportJsonTest.reportWithProofs(), report);

        assertThat(SchemaFingerprintFile.read(report)).isEqualTo(SHOP);
    }

    @Test
    void aHandEditedFingerprintWithoutDigestGetsItComputed() throws IOException {
        ObjectNode json = (ObjectNode) JSON.valueToTree(SHOP);
        json.remove("digest");
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("objects")).remove(3);
        Path file = Files.writeString(dir.resolve("schema.json"), json.toString());

        SchemaFingerprint read = SchemaFingerprintFile.read(file);

        assertThat(read.objects()).hasSize(3);
        assertThat(read.digest()).isEqualTo(SchemaFingerprint.of(SHOP.objects().subList(0, 3)).digest());
    }

    @Test
    void aDigestThatDoesNotMatchTheObjectsIsRefusedNamingTheRightOne() throws IOException {
        ObjectNode json = (ObjectNode) JSON.valueToTree(SHOP);
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("objects")).remove(3);
        Path file = Files.writeString(dir.resolve("schema.json"), json.toString());

        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> SchemaFingerprintFile.read(file)))
                .hasMessageStartingWith("schema fingerprint file " + file + ": schema fingerprint digest "
                        + SHOP.digest() + " does not match its 3 objects, whose digest is sha256:");
    }

    @Test
    void aReportWithoutSchemaOrAnInvalidObjectIsAConfigurationErrorNamingTheFile() throws IOException {
        Path old = dir.resolve("old.json");
        ReportJson.write(ReportJsonTest.fullyPopulatedReport(), old);
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> SchemaFingerprintFile.read(old)))
                .hasMessageStartingWith("schema fingerprint file " + old + " holds no schema fingerprint");

        Path badKind = Files.writeString(dir.resolve("bad.json"),
                "{\"objects\": [{\"kind\": \"TABLE\", \"name\": \"public.a\", \"definition\": \"table\"},"
                        + " {\"kind\": \"TRIGGER\", \"name\": \"t\", \"definition\": \"\"}]}");
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> SchemaFingerprintFile.read(badKind)))
                .hasMessageStartingWith("schema fingerprint file " + badKind + " has an invalid object 2: ")
                .hasMessageContaining("TRIGGER");

        Path missing = dir.resolve("missing.json");
        assertThat(catchThrowableOfType(InvalidConfigurationException.class, () -> SchemaFingerprintFile.read(missing)))
                .hasMessage("schema fingerprint file " + missing + " does not exist");
    }
}
