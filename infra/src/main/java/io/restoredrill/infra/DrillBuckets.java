package io.restoredrill.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * The buckets: reports (each drill's JSON report and its baseline), optionally backups (pg_dump files, Object Lock),
 * and the access-log bucket both log into. All private, TLS-only, encrypted and retained with the stack gone.
 */
final class DrillBuckets extends Construct {

    private final Bucket accessLogs;
    private final Bucket reports;
    private final Optional<Bucket> backups;

    DrillBuckets(Construct scope, String id, DeploymentConfig config) {
        super(scope, id);
        accessLogs = Bucket.Builder.create(this, "AccessLogsBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireAccessLogs").expiration(Duration.days(365)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagFindings.accessLogsBucket(accessLogs);
        reports = Bucket.Builder.create(this, "ReportsBucket")
                .bucketName(config.reportsBucketName().orElse(null))
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("reports-bucket/")
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireOverwrittenReports")
                        .noncurrentVersionExpiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Backups must outlive everything else: versioned, locked against deletion, retained with the stack gone.
        backups = config.backupsBucket() ? Optional.of(Bucket.Builder.create(this, "BackupsBucket")
                .bucketName(config.backupsBucketName().orElse(null))
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("backups-bucket/")
                .versioned(true)
                .objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.governance(Duration.days(config.backupsRetentionDays())))
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build()) : Optional.empty();

        // A retained bucket whose ID changed would be orphaned (with its baselines) and a new empty one created; a
        // replaced bucket policy is created for the same bucket before the old one is deleted, and that deletion
        // removes the policy altogether.
        for (Bucket bucket : buckets()) {
            LogicalIds.keepAsIfIn(this, bucket);
            LogicalIds.keepAsIfIn(this, bucket.getPolicy());
        }
    }

    private List<Bucket> buckets() {
        return backups.map(b -> List.of(accessLogs, reports, b)).orElse(List.of(accessLogs, reports));
    }

    Bucket reports() {
        return reports;
    }

    Optional<Bucket> backups() {
        return backups;
    }
}
