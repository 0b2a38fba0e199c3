package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.restoredrill.core.history.ReportLayout;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.domain.VerificationProgress;
import io.restoredrill.core.port.ProgressStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.Objects;

/**
 * A verification's progress between validate rounds, as one JSON object in the reports bucket, beside the reports
 * and under the same grants: {@code <prefix>/<drill>/in-progress/<execution>.json}. Each round replaces it
 * (PutObject: "Amazon S3 never adds partial objects", so a round that dies while writing leaves the last round's
 * whole object; https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html) and the next one reads it
 * (GetObject of exactly that key, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). It is kept
 * after the drill, for people: the report holds everything in it.
 */
public final class S3ProgressStore implements ProgressStore {

    private static final Logger log = LoggerFactory.getLogger(S3ProgressStore.class);

    static final String FOLDER = ReportLayout.IN_PROGRESS;

    // The domain records carry no Jackson annotations: Jackson's record support and the compiler's -parameters
    // flag find the components, Jdk8Module handles Optional.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final S3Client s3;
    private final String bucket;
    /** The prefix as a folder: {@code reports/}, or empty for the bucket's root. */
    private final String folder;

    /**
     * @param s3     a client this store uses but does not own
     * @param prefix the reports' key prefix without trailing slash, e.g. {@code reports}; empty for the root
     */
    public S3ProgressStore(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.folder = S3Prefix.folder(Objects.requireNonNull(prefix, "prefix"));
    }

    @Override
    public String save(String drillName, String executionId, VerificationProgress progress) {
        String key = key(drillName, executionId);
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(progress);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the verification's progress as JSON", e);
        }
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot store the proofs' progress at " + uri(key) + ": "
                    + AwsErrors.reason(e), e);
        }
        log.info("progress of round {} stored at {} ({} bytes)", progress.rounds(), uri(key), json.length);
        return uri(key);
    }

    @Override
    public VerificationProgress load(String drillName, String executionId) {
        String key = key(drillName, executionId);
        byte[] json;
        try {
            json = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot read the proofs' progress at " + uri(key) + ", which the"
                    + " last validate round stored: " + AwsErrors.reason(e), e);
        }
        try {
            return MAPPER.readValue(json, VerificationProgress.class);
        } catch (IOException e) {
            throw new ReportNotStoredException("the proofs' progress at " + uri(key) + " is not what a validate"
                    + " round writes: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    String key(String drillName, String executionId) {
        return folder + drillName + "/" + FOLDER + "/"
                + S3ReportStore.executionName(executionId) + ".json";
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
