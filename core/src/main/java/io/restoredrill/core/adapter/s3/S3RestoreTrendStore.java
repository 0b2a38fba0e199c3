package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreTrend;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.port.RestoreTrendStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Each drill's {@link RestoreTrend} as one small JSON object beside its reports, under the same grants:
 * {@code <prefix>/<drill>/trend.json}, e.g. {@code {"drill":"orders","restoreSeconds":[412.5,398.0]}} (oldest first).
 *
 * <p>Whether it exists is asked with a ListObjectsV2 of exactly its key, as for the baseline
 * ({@link S3ReportStore#latestBaseline}): S3 answers a GetObject of a missing key with 404 only to a caller that may
 * s3:ListBucket, and 403 otherwise (API Reference, GetObject, Permissions:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). Each passing drill replaces the object with one
 * PutObject: "Amazon S3 never adds partial objects", so a function that dies while writing leaves the previous window
 * whole (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html). There is no compare-and-swap: of
 * simultaneous writes to one key S3 keeps the last ("it overwrites all but the last object written", same page), so
 * two executions of the same drill at once would lose one append. The schedule runs a drill once a night, and a lost
 * entry only shortens the window by one.
 */
public final class S3RestoreTrendStore implements RestoreTrendStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    /** The prefix as a folder: {@code reports/}, or empty for the bucket's root. */
    private final String folder;

    /**
     * @param s3     a client this store uses but does not own
     * @param prefix the reports' key prefix without trailing slash, e.g. {@code reports}; empty for the root
     */
    public S3RestoreTrendStore(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.folder = S3Prefix.folder(Objects.requireNonNull(prefix, "prefix"));
    }

    /** {@code <prefix>/<drill>/trend.json}. */
    String key(String drillName) {
        return folder + drillName + "/" + ReportLayout.TREND;
    }

    @Override
    public Optional<RestoreTrend> load(String drillName) {
        String key = key(drillName);
        Optional<String> json;
        try {
            json = ListedObjects.readIfPresent(s3, bucket, key); // empty: the drill has not passed since trends were kept
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot read the restore-time trend s3://" + bucket + "/" + key + ": "
                    + AwsErrors.reason(e) + " (the function's role needs s3:GetObject on it and s3:ListBucket with"
                    + " s3:prefix covering it)", e);
        }
        return json.map(text -> parse(text, "s3://" + bucket + "/" + key));
    }

    @Override
    public void save(String drillName, RestoreTrend trend) {
        Objects.requireNonNull(trend, "trend");
        String key = key(drillName);
        ObjectNode root = JSON.createObjectNode();
        root.put("drill", drillName);
        ArrayNode seconds = root.putArray("restoreSeconds");
        trend.restoreSeconds().forEach(seconds::add);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the trend", e); // only a bug gets here
        }
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot store the restore-time trend at s3://" + bucket + "/" + key
                    + ": " + AwsErrors.reason(e), e);
        }
    }

    /**
     * A trend object someone edited into something else is not silently treated as "no trend": the message names the
     * object and the fix (delete it, and the window starts again).
     */
    static RestoreTrend parse(String json, String location) {
        try {
            JsonNode seconds = JSON.readTree(json).path("restoreSeconds");
            if (!seconds.isArray()) {
                throw new IllegalArgumentException("\"restoreSeconds\" is not a list");
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode value : seconds) {
                if (!value.isNumber()) {
                    throw new IllegalArgumentException("\"restoreSeconds\" holds " + value + ", not a number");
                }
                values.add(value.asDouble());
            }
            return new RestoreTrend(values);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidConfigurationException(location + " is not a restore-time trend (" + e.getMessage()
                    + "); delete it and the next passing drill starts a new window", e);
        }
    }
}
