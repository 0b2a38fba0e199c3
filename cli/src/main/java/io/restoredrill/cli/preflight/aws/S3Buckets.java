package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.Buckets;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.util.Objects;

/**
 * HeadBucket (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html): 200 when the bucket exists and the
 * caller may access it, 404 (NoSuchBucket) when it does not exist, 403 when the caller may not: a 403 is an error of
 * the check, not "missing".
 */
public final class S3Buckets implements Buckets {

    private final S3Client s3;

    public S3Buckets(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    @Override
    public boolean exists(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        }
    }
}
