package io.restoredrill.core.domain;

import java.util.Objects;

/** Where one stored document is: a bucket and a key (an S3 object on the AWS path). */
public record ObjectLocation(String bucket, String key) {

    public ObjectLocation {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("not a bucket name: \"" + bucket + "\"");
        }
        if (key.isBlank()) {
            throw new IllegalArgumentException("the key of a document in " + bucket + " is blank");
        }
    }

    /** {@code s3://bucket/key}, for people. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
