package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.history.ReportLayout;

import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.InvalidConfigurationException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Optional;

import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.port.ReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Drill reports as JSON objects in an S3 bucket, in {@link ReportLayout}'s layout below the prefix:
 * <ul>
 *   <li>{@code <prefix>/<drill>/<yyyy>/<MM>/<dd>/<execution>.json}: every report, by the UTC date the drill
 *       started and the execution's name (the last segment of its ARN);</li>
 *   <li>{@code <prefix>/<drill>/latest.json}: a copy of the newest <em>passed</em> report, the next drill's
 *       baseline. A failed drill does not replace it: its row counts may come from a half-loaded or
 *       unreadable database, and comparing tomorrow's drill against them would hide real shrinkage (or fail
 *       a good backup). The dated report keeps the failed drill's counts for people.</li>
 * </ul>
 */
public final class S3ReportStore implements ReportStore {

    private static final Logger log = LoggerFactory.getLogger(S3ReportStore.class);

    public static final String DEFAULT_PREFIX = "reports";
    static final String LATEST = ReportLayout.LATEST;


    private final S3Client s3;
    private final String bucket;
    /** The prefix as a folder: {@code reports/}, or empty for the bucket's root. */
    private final String folder;

    /**
     * @param s3     a client this store uses but does not own
     * @param prefix key prefix without trailing slash, e.g. {@value #DEFAULT_PREFIX}; empty for the bucket's root
     */
    public S3ReportStore(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.folder = S3Prefix.folder(Objects.requireNonNull(prefix, "prefix"));
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("not an S3 bucket name: '" + bucket + "'");
        }
    }

    /**
     * @return {@code s3://bucket/<prefix>/<drill>/<yyyy>/<MM>/<dd>/<execution>.json}
     * @throws ReportNotStoredException naming the object, when S3 refuses it
     */
    @Override
    public String store(DrillReport report, String executionId) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(executionId, "executionId");
        byte[] json = (ReportJson.toJson(report) + "\n").getBytes(StandardCharsets.UTF_8);
        String drillFolder = folder + report.drillName() + "/";
        String key = folder
                + ReportLayout.datedPath(report.drillName(), report.startedAt(), executionName(executionId));
        put(key, json);
        if (report.passed()) {
            put(drillFolder + LATEST, json);
        }
        log.info("report stored at s3://{}/{}{}", bucket, key, report.passed() ? " (and as the baseline)" : "");
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public Optional<Baseline> latestBaseline(String drillName) {
        String key = folder + drillName + "/" + LATEST;
        Optional<String> json;
        try {
            json = ListedObjects.readIfPresent(s3, bucket, key); // empty: the drill never passed yet
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw baselineDenied(key, e);
            }
            throw new ReportNotStoredException("cannot read the baseline s3://" + bucket + "/" + key + ": " + AwsErrors.reason(e), e);
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot read the baseline s3://" + bucket + "/" + key + ": " + AwsErrors.reason(e), e);
        }
        return json.map(text -> ReportJson.baselineFromJson(text, "s3://" + bucket + "/" + key));
    }

    /**
     * S3 answers a GetObject of a missing key with 403 ("access denied"), not 404, when the caller lacks s3:ListBucket
     * on the bucket (API Reference, GetObject, Permissions), so a 403 here
     * is a grant missing from the function's role, whether the baseline exists or not: a configuration error, and
     * every drill would fail on it until it is fixed.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
     */
    private InvalidConfigurationException baselineDenied(String key, S3Exception e) {
        return new InvalidConfigurationException("S3 refused to read the drill's baseline s3://" + bucket + "/" + key
                + " (" + AwsErrors.reason(e) + "): the function's role needs s3:GetObject on arn:aws:s3:::" + bucket
                + "/" + folder + "* and s3:ListBucket on arn:aws:s3:::" + bucket + " with the condition s3:prefix = "
                + folder + "* (the function lists the baseline's key before reading it, so that a drill's first run"
                + " finds no baseline instead of failing)", e);
    }

    private void put(String key, byte[] json) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot store the drill report at s3://" + bucket + "/" + key + ": "
                    + AwsErrors.reason(e), e);
        }
    }

    /**
     * The execution's name, safe as the last segment of a key: {@code arn:aws:states:...:execution:sm:name} gives
     * {@code name}; characters other than letters, digits, {@code . _ -} become {@code _}.
     */
    static String executionName(String executionId) {
        String name = executionId.substring(executionId.lastIndexOf(':') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        // "" or dots only would make "…/.json" or "…/...json": a name nobody finds.
        return name.replace(".", "").isEmpty() ? "execution" : name;
    }

}
