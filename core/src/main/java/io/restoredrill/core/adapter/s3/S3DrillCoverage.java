package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.domain.DrillCoverage;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.GuardrailAudit;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.port.DrillCoverageSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which production databases the drills cover, from the reports bucket that {@link S3ReportStore} writes: one folder
 * per drill below the prefix (ListObjectsV2 with Delimiter "/"), and in each {@code <drill>/latest.json}, the newest
 * <em>passed</em> report. A drill that never passed has no latest.json and covers nothing.
 *
 * <p>The production database is the report's guardrail audit's {@code productionInstance}, which the AWS path writes
 * for every RDS snapshot drill; failing that, the report's {@code source}, which ValidateStep writes as
 * {@code RDS snapshot <id> (<type>) of <instance>} or {@code RDS snapshots of <instance>}. A dump drill's source is
 * an S3 prefix or a folder and names no database: such drills are listed as unmapped, not guessed at.
 */
public final class S3DrillCoverage implements DrillCoverageSource {

    private static final Pattern RDS_SOURCE = Pattern.compile("^RDS snapshots? .*?\\bof (\\S+)$");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** @param prefix the reports prefix, with or without its trailing slash; empty for the bucket's root */
    public S3DrillCoverage(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = S3Prefix.folder(Objects.requireNonNull(prefix, "prefix"));
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Coverage coverage() {
        List<String> drills = new ArrayList<>();
        try {
            for (CommonPrefix folder : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).delimiter("/"))
                    .commonPrefixes()) {
                String name = folder.prefix().substring(prefix.length());
                drills.add(name.substring(0, name.length() - 1));
            }
        } catch (SdkException e) {
            throw new InvalidConfigurationException("--reports " + describe() + ": cannot list the drills: "
                    + AwsErrors.reason(e) + "; the audit needs s3:ListBucket on the bucket", e);
        }
        List<DrillCoverage> covered = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (String drill : drills) {
            String key = prefix + drill + "/" + ReportLayout.LATEST;
            String location = "s3://" + bucket + "/" + key;
            String json;
            try {
                json = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
            } catch (NoSuchKeyException e) {
                continue; // never passed: it covers nothing yet
            } catch (SdkException e) {
                throw new InvalidConfigurationException("cannot read " + location + ": " + AwsErrors.reason(e)
                        + "; the audit needs s3:GetObject on the reports prefix", e);
            }
            DrillReport report = ReportJson.fromJson(json, location);
            Optional<String> database = productionDatabase(report);
            if (database.isPresent()) {
                covered.add(new DrillCoverage(report.drillName(), database.get(), report.startedAt(), location));
            } else {
                unmapped.add(report.drillName());
            }
        }
        return new Coverage(covered, unmapped);
    }

    /** The production DB instance a report's drill restores, when the report names one. */
    static Optional<String> productionDatabase(DrillReport report) {
        Optional<String> audited = report.audit().map(GuardrailAudit::productionInstance).filter(s -> !s.isBlank());
        if (audited.isPresent()) {
            return audited;
        }
        Matcher m = RDS_SOURCE.matcher(report.source());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
