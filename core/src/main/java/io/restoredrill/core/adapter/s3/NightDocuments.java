package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and writes one JSON document of a night. GetObject and PutObject name the object by {@code Bucket} and
 * {@code Key}, both required (S3 API Reference, GetObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html,
 * PutObject: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html); documents are written with
 * {@code Content-Type: application/json}. A missing object is S3's {@code NoSuchKey} (404) when the caller may list
 * the bucket, else 403 (GetObject, "Permissions"): both are named as what they are.
 */
final class NightDocuments {

    static final String JSON_TYPE = "application/json";

    private final S3Client s3;
    private final ObjectMapper json;

    NightDocuments(S3Client s3, ObjectMapper json) {
        this.s3 = s3;
        this.json = json;
    }

    /**
     * @param what names the document in messages, e.g. "the drill list"
     * @throws InvalidConfigurationException when the object does not exist (or S3 does not let the function know)
     *                                       or is not JSON
     * @throws NightDocumentException        when S3 fails otherwise
     */
    JsonNode read(ObjectLocation where, String what) {
        try (InputStream in = s3.getObject(r -> r.bucket(where.bucket()).key(where.key()))) {
            return json.readTree(in);
        } catch (NoSuchKeyException e) {
            throw new InvalidConfigurationException(what + " " + where.uri() + " does not exist", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new InvalidConfigurationException("S3 refused to read " + what + " " + where.uri() + " ("
                        + AwsErrors.reason(e) + "): it does not exist, or the function's role may not read it", e);
            }
            throw new NightDocumentException("cannot read " + what + " " + where.uri() + ": " + AwsErrors.reason(e), e);
        } catch (SdkException e) {
            throw new NightDocumentException("cannot read " + what + " " + where.uri() + ": " + AwsErrors.reason(e), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigurationException(what + " " + where.uri() + " is not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new NightDocumentException("cannot read " + what + " " + where.uri() + ": " + e.getMessage(), e);
        }
    }

    void write(ObjectLocation where, JsonNode document, String what) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + what + " as JSON", e);
        }
        try {
            s3.putObject(r -> r.bucket(where.bucket()).key(where.key()).contentType(JSON_TYPE),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new NightDocumentException("cannot write " + what + " " + where.uri() + ": " + AwsErrors.reason(e),
                    e);
        }
    }
}
