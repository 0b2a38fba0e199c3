package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.domain.AcceptableBaseline;
import io.restoredrill.core.domain.BaselineAcceptance;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * {@code restore-drill baseline accept} on the AWS path: makes one stored report the drill's baseline, the object
 * {@code <prefix>/<drill>/latest.json} that {@link S3ReportStore#latestBaseline} reads, with the acceptance (who,
 * when, why, from which report) beside the report's own keys. Run by an operator from the command line, never by
 * a Lambda function.
 *
 * <p>Requests: ListObjectsV2 under {@code <prefix>/<drill>/} (paged by continuation token) to find an execution's
 * report, GetObject of the report, PutObject of {@code latest.json}. A PutObject never leaves a partial object
 * (API Reference, PutObject), so a drill reading the baseline meanwhile reads the old one or the new one.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
public final class S3BaselineAcceptance {

    private static final Logger log = LoggerFactory.getLogger(S3BaselineAcceptance.class);

    /** A report found in the bucket. */
    public record StoredReport(String bucket, String key, DrillReport report) {
        public StoredReport {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(report, "report");
        }

        public String location() {
            return "s3://" + bucket + "/" + key;
        }
    }

    private final S3Client s3;

    /** @param s3 a client this class uses but does not own */
    public S3BaselineAcceptance(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /**
     * The report of one execution of a drill: the one object {@code <prefix>/<drill>/<yyyy>/<MM>/<dd>/<name>.json}
     * where {@code name} is the execution's (the last segment of its ARN).
     *
     * @throws InvalidConfigurationException when no report or several match, or S3 refuses the list or the read
     */
    public StoredReport find(String bucket, String prefix, String drillName, String executionId) {
        String folder = folder(prefix, drillName);
        String suffix = "/" + S3ReportStore.executionName(executionId) + ".json";
        List<String> keys;
        try {
            keys = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)).contents().stream()
                    .map(S3Object::key)
                    .filter(key -> key.endsWith(suffix) && !key.equals(folder + S3ReportStore.LATEST))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw new InvalidConfigurationException("cannot list the reports under s3://" + bucket + "/" + folder
                    + ": " + AwsErrors.reason(e) + permissions(bucket, folder), e);
        }
        if (keys.isEmpty()) {
            throw new InvalidConfigurationException("no report of execution " + executionId + " under s3://" + bucket
                    + "/" + folder + " (looked for <yyyy>/<MM>/<dd>" + suffix + "): check --drill and --execution,"
                    + " or give the report's URI with --report s3://...");
        }
        if (keys.size() > 1) {
            throw new InvalidConfigurationException("several reports match execution " + executionId + ": "
                    + keys.stream().map(k -> "s3://" + bucket + "/" + k).toList() + "; give one with --report");
        }
        return read(bucket, keys.get(0));
    }

    /**
     * The report at {@code s3://bucket/key}.
     *
     * @throws InvalidConfigurationException when it is missing, unreadable or not a restore-drill report
     */
    public StoredReport read(String bucket, String key) {
        String uri = "s3://" + bucket + "/" + key;
        String json;
        try {
            json = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            throw new InvalidConfigurationException("report " + uri + " does not exist", e);
        } catch (SdkException e) {
            throw new InvalidConfigurationException("cannot read report " + uri + ": " + AwsErrors.reason(e), e);
        }
        return new StoredReport(bucket, key, ReportJson.fromJson(json, "report " + uri));
    }

    /**
     * Makes the report the baseline of its drill, after {@link AcceptableBaseline#check} allowed it.
     *
     * @param prefix the reports' key prefix (the stack's {@code reports}), without trailing slash
     * @return where the baseline now is, {@code s3://bucket/<prefix>/<drill>/latest.json}
     * @throws io.restoredrill.core.domain.BaselineRefusedException when the report may not become a baseline
     */
    public String accept(StoredReport stored, String prefix, BaselineAcceptance acceptance) {
        DrillReport report = AcceptableBaseline.check(stored.report(), stored.location());
        String key = folder(prefix, report.drillName()) + S3ReportStore.LATEST;
        byte[] json = (ReportJson.toAcceptedBaselineJson(report, acceptance) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            s3.putObject(r -> r.bucket(stored.bucket()).key(key).contentType("application/json"),
                    RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw new InvalidConfigurationException("cannot store the baseline at s3://" + stored.bucket() + "/" + key
                    + ": " + AwsErrors.reason(e) + permissions(stored.bucket(), folder(prefix, report.drillName())),
                    e);
        }
        String location = "s3://" + stored.bucket() + "/" + key;
        log.info("baseline of drill {} is now {} (from {}), accepted by {}", report.drillName(), location,
                stored.location(), acceptance.acceptedBy());
        return location;
    }

    private static String folder(String prefix, String drillName) {
        return S3Prefix.folder(prefix) + drillName + "/";
    }

    private static String permissions(String bucket, String folder) {
        return " (the operator needs s3:ListBucket on arn:aws:s3:::" + bucket + " for the prefix " + folder
                + ", s3:GetObject and s3:PutObject on arn:aws:s3:::" + bucket + "/" + folder + "*)";
    }
}
