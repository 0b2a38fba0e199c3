package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.adapter.AwsErrors;
import io.restoredrill.core.adapter.history.AlarmTestJson;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reports the AWS path keeps in S3 ({@link S3ReportStore}'s layout, which is {@link ReportLayout}'s below a
 * prefix), for a history. Lists the keys with ListObjectsV2, page by page (at most 1,000 keys a page; a truncated
 * page carries the token of the next: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html),
 * skips the {@code latest.json} copies, validate's work files and the day folders before the period, and reads each report with
 * GetObject, several at once. The operator's credentials need {@code s3:ListBucket} on the bucket and
 * {@code s3:GetObject} on the prefix.
 */
public final class S3ReportArchive implements ReportArchive {

    /** GetObjects in flight at once: S3 serves thousands per second per prefix; the client's pool is the limit. */
    private static final int PARALLEL_READS = 16;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int pageSize;

    /** @param prefix key prefix, without or with its trailing slash; empty for the bucket's root */
    public S3ReportArchive(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, 1000);
    }

    S3ReportArchive(S3Client s3, String bucket, String prefix, int pageSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = S3Prefix.folder(Objects.requireNonNull(prefix, "prefix"));
        this.pageSize = pageSize;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Listing list(Optional<String> drill, Instant since) {
        String listed = prefix + drill.map(d -> d + "/").orElse("");
        List<String> keys = new ArrayList<>();
        List<String> alarmTestKeys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(listed).maxKeys(pageSize))
                    .contents()) {
                String key = object.key();
                String relative = key.substring(prefix.length());
                if (ReportLayout.isReport(relative) && !ReportLayout.inDayBefore(relative, since)) {
                    keys.add(key);
                } else if (ReportLayout.isAlarmTest(relative) && !ReportLayout.inDayBefore(relative, since)) {
                    alarmTestKeys.add(key);
                }
            }
        } catch (SdkException e) {
            throw new InvalidConfigurationException("--reports " + describe() + ": cannot list the reports: "
                    + AwsErrors.reason(e), e);
        }
        ConcurrentLinkedQueue<StoredReport> reports = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Unreadable> unreadable = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_READS,
                Thread.ofPlatform().name("report-read-", 1).daemon(true).factory())) {
            List<Future<?>> reads = new ArrayList<>();
            for (String key : keys) {
                reads.add(pool.submit(() -> read(key, since, reports, unreadable)));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading reports from " + describe(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
        List<AlarmTest.Record> alarmTests = new ArrayList<>();
        for (String key : alarmTestKeys) {
            String location = "s3://" + bucket + "/" + key;
            try {
                AlarmTest.Record record = AlarmTestJson.parse(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key))
                        .asUtf8String());
                if (!record.at().isBefore(since)) {
                    alarmTests.add(record);
                }
            } catch (SdkException e) {
                unreadable.add(new Unreadable(location, "cannot read it: " + AwsErrors.reason(e)));
            } catch (IllegalArgumentException e) {
                unreadable.add(new Unreadable(location, e.getMessage()));
            }
        }
        return new Listing(new ArrayList<>(reports), new ArrayList<>(unreadable), alarmTests);
    }

    private void read(String key, Instant since, ConcurrentLinkedQueue<StoredReport> reports,
                      ConcurrentLinkedQueue<Unreadable> unreadable) {
        String location = "s3://" + bucket + "/" + key;
        String json;
        try {
            json = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
        } catch (SdkException e) {
            unreadable.add(new Unreadable(location, "cannot read it: " + AwsErrors.reason(e)));
            return;
        }
        try {
            DrillReport report = ReportJson.fromJson(json, location);
            if (!report.startedAt().isBefore(since)) {
                reports.add(new StoredReport(location, report));
            }
        } catch (InvalidConfigurationException e) {
            unreadable.add(new Unreadable(location, e.getMessage()));
        }
    }
}
