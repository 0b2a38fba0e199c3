package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.adapter.audit.AuditReportJson;
import io.restoredrill.core.audit.AccountAuditReport;
import io.restoredrill.core.audit.AuditReportStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The nightly audit's reports in the reports bucket, beside the drills' ({@code reports/}) and never among them:
 * <ul>
 *   <li>{@code audit/<yyyy>/<MM>/<dd>/<HHmmss>Z.json}: every night's audit, kept;</li>
 *   <li>{@code audit/latest.json}: a copy of the newest, for people and the alarm's description to point at.</li>
 * </ul>
 */
public final class S3AuditReportStore implements AuditReportStore {

    public static final String PREFIX = "audit/";
    public static final String LATEST = PREFIX + "latest.json";
    private static final DateTimeFormatter DATED =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String bucket;

    public S3AuditReportStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** The key of the audit checked at this instant. */
    public static String datedKey(Instant checkedAt) {
        return PREFIX + DATED.format(checkedAt) + ".json";
    }

    @Override
    public String store(Instant checkedAt, List<AccountAuditReport> reports) {
        String json = AuditReportJson.toJson(checkedAt, reports) + "\n";
        String dated = datedKey(checkedAt);
        put(dated, json);
        put(LATEST, json);
        return "s3://" + bucket + "/" + dated;
    }

    private void put(String key, String json) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(json));
        } catch (SdkException e) {
            throw new ReportNotStoredException("cannot write the audit report s3://" + bucket + "/" + key + ": "
                    + AwsErrors.reason(e), e);
        }
    }
}
